import { type CredentialCheck, type Db, verifyDeviceCredentials } from '../db/index.js';
import { createBatchWriter } from './batch-writer.js';

/** CONNECTs checked per read. */
const BATCH = 500;

/** The broker's credential check (realtime/mqtt DeviceAuthenticator.verify), one device at a time. */
export interface DeviceCredentialCheck {
  verify(deviceId: string, secret: string): Promise<CredentialCheck>;
}

/**
 * Checks device credentials in batches (issue 14): the CONNECTs that arrive while one read runs share the next
 * read, so a fleet reconnecting after a restart costs one primary-key SELECT per batch, not one per kiosk.
 * Nothing is cached: every CONNECT reads the row as it is now, so a revoked, re-enrolled or retired device is
 * refused (or let in) from the next CONNECT on, on every node, with no invalidation to get wrong. A cache would
 * not help the case that matters anyway: after a restart it is empty.
 */
export function createDeviceCredentialCheck(db: Db): DeviceCredentialCheck {
  const reads = createBatchWriter({
    maxBatch: BATCH,
    write: (checks: readonly { deviceId: string; secret: string }[]) => verifyDeviceCredentials(db, checks),
  });
  return { verify: (deviceId, secret) => reads.add({ deviceId, secret }) };
}
