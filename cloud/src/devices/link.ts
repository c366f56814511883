import type {
  ClientMessage,
  Clock,
  CommandAck,
  DeviceCommand,
  DeviceState,
  Heartbeat,
} from '@screenvisit/protocol';
import {
  acknowledgeCommand,
  appendAudit,
  type Database,
  enqueueCommand,
  markSent,
  type OutboxCommand,
  pendingCommands,
  recordDeviceState,
} from '../db/index.js';
import type { Logger } from '../kernel/logger.js';

export type DeviceMessage =
  | { deviceId: string; channel: 'state'; message: DeviceState }
  | { deviceId: string; channel: 'hb'; message: Heartbeat }
  | { deviceId: string; channel: 'ack'; message: CommandAck }
  | { deviceId: string; channel: 'sig/up'; message: ClientMessage };

/** Device management (cloud/src/devices/service.ts): health figures and first acks, in the device's order. */
export interface DeviceLinkHooks {
  onHeartbeat(deviceId: string, heartbeat: Heartbeat, at: Date): Promise<void>;
  onCommandAcked(deviceId: string, command: OutboxCommand, ack: CommandAck, at: Date): Promise<void>;
}

/** What the kiosk call signalling offers the link (implemented by cloud/src/calls/kiosk.ts). */
export interface DeviceKioskCalls {
  onDeviceConnection(deviceId: string, connected: boolean): Promise<void>;
  onDeviceSignal(deviceId: string, message: ClientMessage): Promise<void>;
}

/** Between the broker's events and the database; see createDeviceLink. */
export interface DeviceLink {
  onDeviceConnection(deviceId: string, connected: boolean): void;
  onDeviceMessage(event: DeviceMessage): Promise<void>;
  /** Device management subscribes to heartbeats and first acks, in the device's order (service.ts). */
  subscribe(hooks: DeviceLinkHooks): void;
  /** Re-send unacked commands (the broker calls it when the kiosk's SUBSCRIBE is granted). */
  flush(deviceId: string): Promise<void>;
  /** Used by: config push and remote wipe. Durable first, then sent if the device is online. */
  enqueue(deviceId: string, command: DeviceCommand): Promise<void>;
  /** Wait for queued per-device work (tests, shutdown). */
  idle(): Promise<void>;
}

export type PublishToDevice = (deviceId: string, channel: 'cmd', message: DeviceCommand) => Promise<void>;

/**
 * Between the broker and the database: device state and heartbeats update the device row, acks close outbox
 * entries, and every (re)connection flushes the device's unacknowledged commands in order.
 * INVARIANT: work for one device runs strictly in sequence (a per-device promise chain), so a flush never
 * interleaves with another flush or with an ack for the same device.
 */
export function createDeviceLink(deps: {
  db: Database;
  log: Logger;
  clock: Clock;
  publish: PublishToDevice;
  /** Kiosk call signalling (cloud/src/calls/kiosk.ts): `sig/up` in, the kiosk's presence as an endpoint. */
  calls?: DeviceKioskCalls;
}): DeviceLink {
  const { db, log, clock } = deps;
  const chains = new Map<string, Promise<void>>();
  const online = new Set<string>();
  const hooks: DeviceLinkHooks[] = [];

  const serial = (deviceId: string, work: () => Promise<void>): Promise<void> => {
    const next = (chains.get(deviceId) ?? Promise.resolve()).then(work).catch((error: unknown) => {
      log.error({ err: error, deviceId }, 'device link step failed');
    });
    chains.set(deviceId, next);
    void next.finally(() => {
      if (chains.get(deviceId) === next) chains.delete(deviceId);
    });
    return next;
  };

  const flush = (deviceId: string) =>
    serial(deviceId, async () => {
      if (!online.has(deviceId)) return;
      for (const command of await pendingCommands(db.db, deviceId)) {
        await deps.publish(deviceId, 'cmd', command.payload);
        await markSent(db.db, command.id, new Date(clock.now()));
      }
    });

  return {
    onDeviceConnection(deviceId: string, connected: boolean): void {
      if (connected) online.add(deviceId);
      else online.delete(deviceId);
      deps.calls
        ?.onDeviceConnection(deviceId, connected)
        .catch((error: unknown) => log.error({ err: error, deviceId }, 'device call link failed'));
      void serial(deviceId, async () => {
        await recordDeviceState(db.db, deviceId, { online: connected, at: new Date(clock.now()) });
      });
      if (connected) void flush(deviceId);
    },

    onDeviceMessage(event: DeviceMessage): Promise<void> {
      const at = new Date(clock.now());
      switch (event.channel) {
        case 'state':
          return serial(event.deviceId, async () => {
            await recordDeviceState(db.db, event.deviceId, {
              online: event.message.status === 'online' && online.has(event.deviceId),
              state: event.message.state,
              engine: event.message.engine,
              software: event.message.software,
              configVersion: event.message.configVersion,
              at,
            });
          });
        case 'hb':
          return serial(event.deviceId, async () => {
            await recordDeviceState(db.db, event.deviceId, {
              online: true,
              engine: event.message.engine,
              software: event.message.software,
              at,
            });
            for (const hook of hooks) await hook.onHeartbeat(event.deviceId, event.message, at);
          });
        case 'ack':
          return serial(event.deviceId, async () => {
            const result = await acknowledgeCommand(db.db, event.deviceId, event.message, at);
            if (result.outcome === 'unknown')
              log.warn({ deviceId: event.deviceId }, 'ack for an unknown command');
            if (result.outcome === 'acked' && result.command.type === 'wipe') {
              await appendAudit(db.db, {
                municipalityId: null,
                actorKind: 'device',
                actorId: event.deviceId,
                action: 'device.wipe_acknowledged',
                targetKind: 'device',
                targetId: event.deviceId,
                ip: null,
                details: { commandId: event.message.commandId, status: event.message.status },
              });
            }
            if (result.outcome === 'acked')
              for (const hook of hooks)
                await hook.onCommandAcked(event.deviceId, result.command, event.message, at);
          });
        case 'sig/up': {
          // In order per kiosk (an offer before its ICE candidates); the party is the kiosk's citizen.
          const calls = deps.calls;
          if (!calls) {
            log.debug({ deviceId: event.deviceId, type: event.message.type }, 'device signalling received');
            return Promise.resolve();
          }
          return serial(event.deviceId, () => calls.onDeviceSignal(event.deviceId, event.message));
        }
      }
    },

    subscribe(hook: DeviceLinkHooks): void {
      hooks.push(hook);
    },

    /** Re-send unacked commands (the broker calls it when the kiosk's SUBSCRIBE is granted). */
    flush(deviceId: string): Promise<void> {
      return flush(deviceId);
    },

    /** Used by: config push and remote wipe. Durable first, then sent if the device is online. */
    async enqueue(deviceId: string, command: DeviceCommand): Promise<void> {
      await enqueueCommand(db.db, deviceId, command);
      await flush(deviceId);
    },

    /** Wait for queued per-device work (tests, shutdown). */
    async idle(): Promise<void> {
      await Promise.all([...chains.values()]);
    },
  };
}
