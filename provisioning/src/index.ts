/** @screenvisit/provisioning: loan-device inventory, the support CLI's parts, and the balena fleet adapter. */
export { parseCommand, USAGE } from './args.js';
export { runCli } from './cli.js';
export { CloudClient } from './cloud-client.js';
export { EXIT_CODES, isProvisioningError, ProvisioningError, ProvisioningReason } from './errors.js';
export { createBalenaFleet } from './fleet/balena.js';
export type { FleetDevice, FleetProvider } from './fleet/provider.js';
export * from './inventory.js';
export { fleetFromEnv, provisionOnFleet } from './provision.js';
export { readSession, StoredSession, sessionPath, writeSession } from './session-file.js';
