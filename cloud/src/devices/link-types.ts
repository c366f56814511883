import type { ClientMessage, CommandAck, DeviceCommand, DeviceState, Heartbeat } from '@screenvisit/protocol';
import type { Db, SettledCommand } from '../db/index.js';

// The device link's contract, apart from its implementation (link.ts): device management (service.ts), the
// kiosk calls and the node's wiring depend on these, not on createDeviceLink.

/** A first ack: the command it settled, with the device's ack and the cloud's time of it. */
export interface AckedCommand {
  readonly deviceId: string;
  readonly command: SettledCommand;
  readonly ack: CommandAck;
  readonly at: Date;
}

export type DeviceMessage =
  | { deviceId: string; channel: 'state'; message: DeviceState }
  | { deviceId: string; channel: 'hb'; message: Heartbeat }
  /**
   * `qos`: what the ack was published with (the broker's event); 1 when not given. A QoS 0 ack settles only a
   * command type acknowledged at QoS 0 (ACK_QOS: config.apply); for any other it is refused.
   */
  | { deviceId: string; channel: 'ack'; message: CommandAck; qos?: number }
  | { deviceId: string; channel: 'sig/up'; message: ClientMessage };

/**
 * A kiosk's `online` state reported a config schema other than the one stored for it (its software was upgraded
 * or rolled back; null and absent read as the oldest, protocol configSchemaFor).
 */
export interface ConfigSchemaChange {
  readonly deviceId: string;
  /** The schema its configs were shaped for until now. */
  readonly from: number;
  /** The schema it reported now: configs are shaped for this from now on. */
  readonly to: number;
  /**
   * Whether it reported a schema at all. One that does (schema 2 on) reports before it subscribes, so the flush
   * that follows shapes what waits in the outbox for `to`; one that does not subscribed first, so what was
   * waiting went out shaped for `from`.
   */
  readonly reported: boolean;
}

/** Device management (cloud/src/devices/service.ts): first acks, and kiosks whose config schema changed. */
export interface DeviceLinkHooks {
  /**
   * Every first ack of one batch, inside the batch's transaction and so before any of its PUBACKs: bookkeeping
   * that must be as durable as the ack itself, written in bulk (config versions).
   */
  onCommandsAcked?(tx: Db, acked: readonly AckedCommand[]): Promise<void>;
  /** After the batch is committed, each first ack in its device's order: side effects (a wipe settles). */
  onCommandAcked?(acked: AckedCommand): Promise<void>;
  /**
   * After the state is written, in the device's order: the kiosk may run a config shaped for `from`, so device
   * management decides (reading the outbox as this state found it, before the state's PUBACK and so before the
   * kiosk subscribes) whether to push its target again, and pushes WITHOUT awaiting it (the push is sent through
   * this link, in this device's chain: awaiting it here would wait for itself). Once per upgrade or rollback.
   */
  onConfigSchemaChanged?(change: ConfigSchemaChange): Promise<void>;
}

/** What the kiosk call signalling offers the link (implemented by cloud/src/calls/kiosk.ts). */
export interface DeviceKioskCalls {
  onDeviceConnection(deviceId: string, connected: boolean): Promise<void>;
  onDeviceSignal(deviceId: string, message: ClientMessage): Promise<void>;
}

/** Between the broker's events and the database; see createDeviceLink. */
export interface DeviceLink {
  onDeviceConnection(deviceId: string, connected: boolean): void;
  /**
   * Resolves once the message is handled (written, or for telemetry coalesced); rejects when a `state` or `ack`
   * was not. A failed `sig/up` is logged and resolves.
   */
  onDeviceMessage(event: DeviceMessage): Promise<void>;
  /** Device management subscribes to first acks, in the device's order (service.ts). */
  subscribe(hooks: DeviceLinkHooks): void;
  /** Send unacked commands: the broker calls it once per connection, when the kiosk's command SUBSCRIBE is granted. */
  flush(deviceId: string): Promise<void>;
  /**
   * Publish a command the caller ALREADY wrote to the outbox (in its own transaction), if the kiosk can take it
   * now; when it is not ready on this node, `forward` hands it to the other nodes (the holder publishes it).
   * `markedSent`: the caller wrote the sent mark with the command because the kiosk was ready (isReady); it is
   * not written again, and is taken back if the kiosk is no longer ready.
   */
  send(deviceId: string, command: DeviceCommand, options?: { markedSent?: boolean }): Promise<void>;
  /** Whether a command sent now would be published at once (connected here, subscribed, flushed). */
  isReady(deviceId: string): boolean;
  /** A command another node forwarded: published only if the kiosk is ready HERE, never forwarded again. */
  sendHere(deviceId: string, command: DeviceCommand): Promise<void>;
  /** Write a command to the outbox, then send it (tests and tools that have no transaction of their own). */
  enqueue(deviceId: string, command: DeviceCommand): Promise<void>;
  /** Wait for queued per-device work and write pending telemetry (tests, shutdown). */
  idle(): Promise<void>;
}

export type PublishToDevice = (deviceId: string, channel: 'cmd', message: DeviceCommand) => Promise<void>;
