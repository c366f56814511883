import type { AuthErrorCode, AuthenticateError } from 'aedes';

/**
 * CONNACK return codes, MQTT 3.1.1 §3.2.2.3 (Table 3.1). 3.1.1 has no code for "revoked", so the kiosk
 * reads them as follows (docs/protocol.md, device agent):
 *
 *   5 not authorized            the credential is gone for good (revoked, or the device is unknown):
 *                               the kiosk wipes itself and returns to enrolment.
 *   4 bad user name or password the secret did not match, or the username is not a device id: keep the
 *                               credential, retry with capped backoff, show "contact support" after a while.
 *   2 identifier rejected       clientId differs from the username: a configuration fault, retry with backoff.
 *   3 server unavailable        the credential could not be checked (database down, timeout): retry.
 *
 * Only 5 is destructive, so it is sent only for the definitive answers 'revoked' and 'unknown'; anything that
 * could be transient or a local fault gets a code that never makes a kiosk erase itself.
 */
export const ConnackCode = {
  identifierRejected: 2,
  serverUnavailable: 3,
  badUsernameOrPassword: 4,
  notAuthorized: 5,
} as const;
export type ConnackCode = (typeof ConnackCode)[keyof typeof ConnackCode];

const MESSAGES: Record<ConnackCode, string> = {
  2: 'identifier rejected',
  3: 'server unavailable',
  4: 'bad user name or password',
  5: 'not authorized',
};

/** aedes sends `returnCode` (2..5) in the CONNACK and then closes the connection [MQTT-3.2.2-5]. */
export function connackRefusal(code: ConnackCode): AuthenticateError {
  return Object.assign(new Error(MESSAGES[code]), { returnCode: code as AuthErrorCode });
}
