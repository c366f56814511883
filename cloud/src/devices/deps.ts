import type { CoreDeps } from '../kernel/ports.js';
import type { DeviceService } from './service.js';

/** What the devices feature's routes need: support's device service (503 without it) and enrolment. */
export interface DevicesDeps extends CoreDeps {
  readonly devices?: DeviceService;
}
