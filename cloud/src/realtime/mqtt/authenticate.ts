import { type Clock, Id } from '@screenvisit/protocol';
import type { AedesOptions } from 'aedes';
import { ioDeadline } from '../../kernel/io-deadline.js';
import type { Logger } from '../../kernel/logger.js';
import { ConnackCode as Code, type ConnackCode, connackRefusal } from './connack.js';
import type { DeviceAuthenticator, VerifyOutcome } from './types.js';

type AuthenticateHook = NonNullable<AedesOptions['authenticate']>;

/** Secrets are 32 random bytes, base64url: far below this. Bounds the work handed to argon2. */
const MAX_SECRET_BYTES = 512;

const CODE_FOR: Record<Exclude<VerifyOutcome, 'ok'>, ConnackCode> = {
  revoked: Code.notAuthorized,
  unknown: Code.notAuthorized,
  invalid: Code.badUsernameOrPassword,
};

export interface AuthenticateOptions {
  readonly log: Logger;
  readonly auth: DeviceAuthenticator;
  readonly clock: Clock;
  readonly verifyTimeoutMs: number;
}

/**
 * CONNECT: the username is the device id, the clientId must equal it (so the session, the topic ACL and the
 * credential all name one device), and the password is the device secret. connack.ts says which return code
 * each refusal gets and why.
 */
export function createAuthenticate(options: AuthenticateOptions): AuthenticateHook {
  const { log, auth, clock, verifyTimeoutMs } = options;

  return function authenticate(client, username, password, done) {
    const refuse = (code: ConnackCode, why: string, deviceId: string | null) => {
      // Never log the username unless it is a device id, and never the password.
      log.warn({ deviceId, why, returnCode: code }, 'refused MQTT connection');
      done(connackRefusal(code), false);
    };

    if (username === undefined || !Id.safeParse(username).success) {
      return refuse(Code.badUsernameOrPassword, 'username is not a device id', null);
    }
    const deviceId = username;
    if (client.id !== deviceId) {
      return refuse(Code.identifierRejected, 'clientId differs from username', deviceId);
    }
    if (password === undefined || password.length === 0 || password.length > MAX_SECRET_BYTES) {
      return refuse(Code.badUsernameOrPassword, 'missing or oversized password', deviceId);
    }

    const secret = password.toString('utf8');
    // aedes keeps the CONNECT packet for the connection's life (mqtt-packet's parser holds it as `settings`, for
    // its protocolVersion), so the password Buffer, a view of the socket's bytes, would stay in the heap of a
    // node for as long as each kiosk is connected. Nothing after this hook reads it (aedes passes it only here,
    // lib/handlers/connect.js; the will is a separate field and persistence never stores the password), so it
    // is zeroed now. The string copy above lives only until the verification settles.
    password.fill(0);
    verifyWithin(auth, deviceId, secret, clock, verifyTimeoutMs).then(
      (outcome) => {
        if (outcome === 'ok') return done(null, true);
        notifyRefused(auth, log, deviceId, outcome);
        refuse(CODE_FOR[outcome], `credential ${outcome}`, deviceId);
      },
      (error: unknown) => {
        log.error({ err: error, deviceId }, 'could not verify MQTT credential');
        refuse(Code.serverUnavailable, 'credential check failed', deviceId);
      },
    );
  };
}

function verifyWithin(
  auth: DeviceAuthenticator,
  deviceId: string,
  secret: string,
  clock: Clock,
  timeoutMs: number,
): Promise<VerifyOutcome> {
  return new Promise((resolve, reject) => {
    // One more turn for I/O after the deadline (kernel/io-deadline.ts): on a node whose event loop was busy past
    // the deadline (a fleet reconnecting, issue 14), the timer and PostgreSQL's answer to the credential read came
    // due in the same turn and the timer won, so a kiosk whose answer had arrived got CONNACK 3 "server
    // unavailable" and reconnected, adding to the storm.
    const cancel = ioDeadline(
      () => reject(new Error(`credential check took longer than ${timeoutMs} ms`)),
      timeoutMs,
      clock,
    );
    // Promise.resolve().then() turns a synchronous throw in verify() into a rejection.
    Promise.resolve()
      .then(() => auth.verify(deviceId, secret))
      .then(resolve, reject)
      .finally(cancel);
  });
}

function notifyRefused(
  auth: DeviceAuthenticator,
  log: Logger,
  deviceId: string,
  why: Exclude<VerifyOutcome, 'ok'>,
): void {
  try {
    auth.onRefused?.(deviceId, why);
  } catch (error) {
    log.error({ err: error, deviceId }, 'onRefused hook failed');
  }
}
