import type { DeviceErrorReason } from './errors.js';

/** What the citizen reads to support when set-up fails: a short error code and the box's id, nothing personal. */
const SUPPORT_CODES: Record<DeviceErrorReason, string> = {
  enrolment_refused: 'KODE-AFVIST',
  cloud_unreachable: 'INGEN-FORBINDELSE',
  invalid_response: 'FORKERT-SVAR',
  credential_revoked: 'KOBLET-FRA',
  storage_failed: 'DISK-FEJL',
  invalid_config: 'FORKERT-OPSAT',
};

export const supportCode = (reason: DeviceErrorReason, hardwareId: string) =>
  `${SUPPORT_CODES[reason]} · skærm ${hardwareId.slice(0, 12)}`;
