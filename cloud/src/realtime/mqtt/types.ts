import type { Clock } from '@screenvisit/protocol';
import type { AedesOptions } from 'aedes';
import type { Logger } from '../../kernel/logger.js';
import type { DeviceMessageEvent, OutboundChannel, OutboundMessages } from './channels.js';

export type VerifyOutcome = 'ok' | 'unknown' | 'revoked' | 'invalid';
export type RefusalReason = Exclude<VerifyOutcome, 'ok'>;

/**
 * Checks a device's MQTT credential. Implemented over the devices table: SHA-256 of a 256-bit random secret
 * (db/repos/secrets.ts), one primary-key read per CONNECT; no password hash, the secret has no dictionary.
 */
export interface DeviceAuthenticator {
  verify(deviceId: string, secret: string): Promise<VerifyOutcome>;
  /** Told about every refused credential, e.g. to audit it or feed a rate limiter. */
  onRefused?(deviceId: string, why: RefusalReason): void;
}

export interface BrokerDeps {
  readonly log: Logger;
  readonly auth: DeviceAuthenticator;
  /** Shorthand for `on('message', …)` at construction. */
  onDeviceMessage?(event: DeviceMessageEvent): void | Promise<void>;
  /** Shorthand for `on('connection', …)` at construction. */
  onDeviceConnection?(deviceId: string, connected: boolean): void;
  /** Shorthand for `on('subscribed', …)` at construction. */
  onDeviceSubscribed?(deviceId: string): void;
  /** aedes persistence (sessions, retained, wills, QoS queues). In memory when omitted. */
  readonly persistence?: AedesOptions['persistence'];
  /** aedes message emitter. Inject a Redis-backed pair (with persistence) to run two cloud nodes. */
  readonly mq?: AedesOptions['mq'];
  readonly clock?: Clock;
  /** The aedes broker id: the node id in a cluster (stored with each will). Random when omitted. */
  readonly id?: string;
  /** Longest wait for auth.verify before the CONNECT is refused with "server unavailable". */
  readonly verifyTimeoutMs?: number;
  /** close() gives up waiting for sockets after this long. */
  readonly closeTimeoutMs?: number;
}

/**
 * What the broker tells the rest of the node, as typed events (style.md item 13; issue 9: the broker emits
 * typed events, and whoever needs them subscribes after it is built, so nothing is declared first and filled
 * in later). A listener that throws is logged and does not stop the others.
 */
export interface BrokerEvents {
  /**
   * Every valid device message, decoded. The PUBACK waits until every listener settles; a listener that
   * throws means "not handled": no PUBACK, the connection is closed and the device resends.
   */
  message: (event: DeviceMessageEvent) => void | Promise<void>;
  /** A device's session started (after CONNACK) or ended (any way: DISCONNECT, drop, takeover, cut). */
  connection: (deviceId: string, connected: boolean) => void;
  /**
   * The device's SUBSCRIBE to its command topic was granted (after aedes stored it). A QoS 1 publish to a topic
   * nobody subscribes to is dropped, and after a broker restart (in-memory sessions) the kiosk subscribes only
   * after CONNACK, so the outbox is flushed here, once per connection, and not on connect (issue 14: flushing
   * on both sent every pending command twice per connect).
   */
  subscribed: (deviceId: string) => void;
  /** A credential was refused at CONNECT (after DeviceAuthenticator.onRefused). */
  refused: (deviceId: string, why: RefusalReason) => void;
}

export interface ListenOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly tcpPort: number;
  /** 0 picks a free port. */
  readonly wsPort: number;
}

export interface BrokerPorts {
  readonly tcpPort: number;
  readonly wsPort: number;
}

export interface DeviceBroker {
  listen(options: ListenOptions): Promise<BrokerPorts>;
  on<E extends keyof BrokerEvents>(event: E, listener: BrokerEvents[E]): void;
  /** QoS 1. Held for an offline device with a persistent session while this process lives (not across restarts). */
  publishToDevice<C extends OutboundChannel>(
    deviceId: string,
    channel: C,
    message: OutboundMessages[C],
  ): Promise<void>;
  /** Cut a live connection now (credential revoked, wipe). The device's will is published. */
  disconnectDevice(deviceId: string): void;
  /** For /readyz: listening on both transports and not closing. */
  ready(): boolean;
  connectedDeviceIds(): string[];
  close(): Promise<void>;
}
