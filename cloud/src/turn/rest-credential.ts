import { createHmac } from 'node:crypto';

/**
 * Time-limited TURN credentials of the "TURN REST API" (draft-uberti-behave-turn-rest-00 §2.2; coturn README
 * "TURN REST API", coturn's `use-auth-secret`/`static-auth-secret`):
 *
 *   username   = "<expiry as unix seconds>:<user id>"
 *   credential = base64(HMAC-SHA1(shared secret, username))
 *
 * coturn recomputes the credential from the username and its own copy of the secret, and refuses an ALLOCATE
 * whose timestamp is in the past (401). It checks only when an allocation is made or refreshed, so a running
 * call outlives the expiry; an ICE restart after it needs fresh credentials (docs/operations.md#turn-coturn).
 */
export interface TurnRestCredential {
  readonly username: string;
  readonly credential: string;
  /** When coturn stops accepting new allocations with it. */
  readonly expiresAt: Date;
}

export interface TurnRestCredentialInput {
  readonly secret: string;
  /**
   * An internal id (a uuid), never a name: the username is logged by coturn and visible to anyone holding the
   * ICE configuration. It must not contain the separator ':' (coturn splits on the first one).
   */
  readonly userId: string;
  readonly now: Date;
  readonly ttlSeconds: number;
}

export function turnRestCredential(input: TurnRestCredentialInput): TurnRestCredential {
  if (input.userId.includes(':')) throw new RangeError('TURN user id must not contain ":"');
  if (!Number.isInteger(input.ttlSeconds) || input.ttlSeconds < 1)
    throw new RangeError('TURN credential lifetime must be a positive whole number of seconds');
  const expiry = Math.floor(input.now.getTime() / 1000) + input.ttlSeconds;
  const username = `${expiry}:${input.userId}`;
  const credential = createHmac('sha1', input.secret).update(username).digest('base64');
  return { username, credential, expiresAt: new Date(expiry * 1000) };
}
