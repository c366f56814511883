/** Loan-device management for support (issue 6 items 6-8): inventory, config push, remote wipe, health. */
export { deviceCounts, enrolDevice } from './actions.js';
export type { DeviceLinkHooks } from './link.js';
export { supportDeviceRoutes } from './routes.js';
export {
  createDeviceService,
  type DeviceService,
  type DeviceServiceDeps,
  type WipeOutcome,
} from './service.js';
