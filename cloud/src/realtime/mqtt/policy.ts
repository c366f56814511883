import type { Clock } from '@screenvisit/protocol';
import type { AedesOptions } from 'aedes';
import type { Logger } from '../../kernel/logger.js';
import { createAuthenticate } from './authenticate.js';
import { createAuthorizePublish } from './authorize-publish.js';
import { createAuthorizeForward, createAuthorizeSubscribe } from './authorize-subscribe.js';
import type { DeviceMessageEvent } from './channels.js';
import type { DeviceAuthenticator } from './types.js';
import type { PublishVerdicts } from './verdicts.js';

/**
 * Limits, in the style of aedes's own `defaultOptions`. aedes allows everything by default; every value here
 * is the tighter one a kiosk fleet needs.
 */
export const POLICY_DEFAULTS = {
  /** A TCP connection that sends no CONNECT within this is dropped. */
  connectTimeout: 10_000,
  /** A device that stops reading its socket is cut after this, so it cannot stall delivery to others. */
  drainTimeout: 30_000,
  /**
   * CONNECT must carry a keepalive of 1..300 s, so a half-open connection is noticed and the will published
   * within 1.5 x keepalive [MQTT-3.1.2-24]. aedes refuses others with return code 6 (not in 3.1.1).
   */
  keepaliveLimit: 300,
  /** Packets a client may send before its CONNACK. */
  queueLimit: 16,
  /** Devices never use QoS 2; bound its receive window anyway. */
  maxInflightInbound: 16,
  /** Device ids are 36-character UUIDs; MQTT 3.1 clients are held to this length. */
  maxClientsIdLength: 36,
  /** sv/v1/d/{id}/sig/down is the deepest topic: six levels. */
  maxTopicLevels: 6,
} as const satisfies AedesOptions;

export interface PolicyOptions {
  readonly log: Logger;
  readonly auth: DeviceAuthenticator;
  readonly verdicts: PublishVerdicts;
  readonly clock: Clock;
  readonly verifyTimeoutMs: number;
  /** Durable handling of a valid device message; the PUBACK waits for it (authorize-publish.ts). */
  readonly handle: (event: DeviceMessageEvent) => Promise<void>;
  /** This broker's aedes id (the node id); a will left by another, dead broker is not handled here. */
  readonly brokerId: string;
}

/** The broker's whole policy in one place: limits plus the four hooks. Deny by default throughout. */
export function createPolicy(options: PolicyOptions): AedesOptions {
  const { log } = options;
  return {
    ...POLICY_DEFAULTS,
    authenticate: createAuthenticate(options),
    authorizePublish: createAuthorizePublish({
      log,
      verdicts: options.verdicts,
      handle: options.handle,
      brokerId: options.brokerId,
    }),
    authorizeSubscribe: createAuthorizeSubscribe({ log }),
    authorizeForward: createAuthorizeForward({ log }),
  };
}
