import { type Clock, configSchemaFor, type DeviceCommand } from '@screenvisit/protocol';
import {
  type AckResult,
  type AckToSettle,
  acknowledgeCommands,
  appendAudit,
  type Database,
  type DeviceStateUpdate,
  enqueueCommand,
  type RecordedState,
  recordDeviceStates,
} from '../db/index.js';
import type { Logger } from '../kernel/logger.js';
import { createBatchWriter } from './batch-writer.js';
import { ACK_BATCH, CONNECT_BATCH, createCommandDelivery } from './link-delivery.js';
import type {
  AckedCommand,
  DeviceKioskCalls,
  DeviceLink,
  DeviceLinkHooks,
  DeviceMessage,
  PublishToDevice,
} from './link-types.js';
import type { DeviceTelemetry } from './telemetry.js';

// The contract stays importable from here, where callers have always found it.
export type * from './link-types.js';

/**
 * Between the broker and the database: device state updates the device row, heartbeats and presence go to the
 * batched telemetry writer, acks close outbox entries, and each connection's first command SUBSCRIBE flushes the
 * device's unacknowledged commands in order.
 * INVARIANTS:
 *  - work for one device runs strictly in sequence (a per-device promise chain), so a flush never interleaves
 *    with another flush, a send or an ack for the same device;
 *  - a command is published directly only to a device that is `ready` (connected, its command subscription in
 *    place and its outbox flushed on this connection); otherwise the next flush sends it. So each connection
 *    sends each pending command once, and a command written while the kiosk is online costs one write (the
 *    caller's insert) plus the publish;
 *  - acks are settled in batches (batch-writer.ts: one transaction for the acks that arrived while the previous
 *    batches were written, two at a time, with the hooks' bulk bookkeeping); an ack's promise, and so its PUBACK,
 *    waits for its batch's commit. One device's acks still settle in its order: its chain waits for each batch.
 *    A config.apply's ack comes at QoS 0 (ACK_QOS; no PUBACK; a lost one means one resend at the next
 *    connection, from the outbox); every other command's at QoS 1, and a QoS 0 ack of one is refused;
 *  - the same holds for `state` messages, for the outbox reads of flushes and for the sent marks: many kiosks
 *    connecting at once share one UPDATE and one SELECT, a bulk push's publishes one sent-mark UPDATE per
 *    batch; a state's PUBACK waits for its batch's UPDATE;
 *  - every command is published shaped for the config schema its kiosk reported (config-for-kiosk.ts), as this node
 *    knows it: from the devices row at the connection's flush (read with the outbox, no read of its own), then
 *    from each `online` state; a kiosk not known here is shaped for the oldest schema;
 *  - a step that fails rejects the caller's promise (no PUBACK for a device message) but never breaks the chain;
 *    only `state` and `ack` (wipe and config acks included) are held to that: a failed `sig/up` message is logged
 *    and resolves, so one bad signalling message never closes the kiosk's connection mid-call.
 */
export function createDeviceLink(deps: {
  db: Database;
  log: Logger;
  clock: Clock;
  /** This cloud node's id: the holder its presence writes name (db/repos/devices.ts PRESENCE). */
  nodeId: string;
  publish: PublishToDevice;
  telemetry: DeviceTelemetry;
  /** Kiosk call signalling (cloud/src/calls/kiosk.ts): `sig/up` in, the kiosk's presence as an endpoint. */
  calls?: DeviceKioskCalls;
  /**
   * Two or more nodes (issue 14): a command for a kiosk that is not ready on this node goes to the others, where
   * the node holding the kiosk publishes it (sendHere). Absent on a single node.
   */
  forward?: (deviceId: string, command: DeviceCommand) => void;
}): DeviceLink {
  const { db, log, clock, telemetry } = deps;
  const chains = new Map<string, Promise<void>>();
  const online = new Set<string>();
  const hooks: DeviceLinkHooks[] = [];
  const states = createBatchWriter<DeviceStateUpdate & { deviceId: string }, RecordedState>({
    maxBatch: CONNECT_BATCH,
    write: (batch) => recordDeviceStates(db.db, batch, deps.nodeId),
  });
  const acks = createBatchWriter<AckToSettle, AckResult>({
    maxBatch: ACK_BATCH,
    // Two ack batches at once: a bulk push's acks arrive faster than one batch after another settles them
    // (each waits its round trips behind the event loop). Safe: a device's next ack is added only after its
    // previous one has settled (its chain), so the two batches hold disjoint rows, each locked in id order.
    inFlight: 2,
    write: (batch) =>
      db.db.transaction(async (tx) => {
        const results = await acknowledgeCommands(tx, batch);
        const acked = batch.flatMap((a, i): AckedCommand[] => {
          const result = results[i];
          return result?.outcome === 'acked'
            ? [{ deviceId: a.deviceId, command: result.command, ack: a.ack, at: a.now }]
            : [];
        });
        if (acked.length > 0) for (const hook of hooks) await hook.onCommandsAcked?.(tx, acked);
        return results;
      }),
  });

  const serial = (deviceId: string, work: () => Promise<void>): Promise<void> => {
    const run = (chains.get(deviceId) ?? Promise.resolve()).then(work);
    const next = run.catch((error: unknown) => {
      log.error({ err: error, deviceId }, 'device link step failed');
    });
    chains.set(deviceId, next);
    void next.finally(() => {
      if (chains.get(deviceId) === next) chains.delete(deviceId);
    });
    return run;
  };

  const delivery = createCommandDelivery({
    db,
    clock,
    publish: deps.publish,
    forward: deps.forward,
    serial,
    online,
  });
  const { flush, send } = delivery;

  return {
    onDeviceConnection(deviceId: string, connected: boolean): void {
      if (connected) online.add(deviceId);
      else online.delete(deviceId);
      delivery.reset(deviceId);
      deps.calls
        ?.onDeviceConnection(deviceId, connected)
        .catch((error: unknown) => log.error({ err: error, deviceId }, 'device call link failed'));
      telemetry.presence(deviceId, connected, new Date(clock.now()));
    },

    onDeviceMessage(event: DeviceMessage): Promise<void> {
      const at = new Date(clock.now());
      switch (event.channel) {
        case 'state':
          return serial(event.deviceId, async () => {
            // Only an `online` state is a report of the config schema (absent: the oldest); the will is not.
            const reports = event.message.status === 'online';
            const recorded = await states.add({
              deviceId: event.deviceId,
              online: reports && online.has(event.deviceId),
              state: event.message.state,
              engine: event.message.engine,
              software: event.message.software,
              configVersion: event.message.configVersion,
              ...(reports ? { configSchema: event.message.configSchema ?? null } : {}),
              at,
            });
            if (!reports) return;
            const to = configSchemaFor(event.message.configSchema);
            if (online.has(event.deviceId)) delivery.reported(event.deviceId, to);
            const from = configSchemaFor(recorded.previousConfigSchema);
            if (!recorded.applied || from === to) return;
            log.info({ deviceId: event.deviceId, from, to }, 'the kiosk reports another config schema');
            const change = {
              deviceId: event.deviceId,
              from,
              to,
              reported: event.message.configSchema !== undefined,
            };
            for (const hook of hooks) {
              await hook
                .onConfigSchemaChanged?.(change)
                .catch((error: unknown) =>
                  log.error(
                    { err: error, deviceId: event.deviceId },
                    'could not follow a changed config schema',
                  ),
                );
            }
          });
        case 'hb':
          telemetry.heartbeat(event.deviceId, event.message, at);
          return Promise.resolve();
        case 'ack':
          return serial(event.deviceId, async () => {
            const qos = event.qos === 0 ? 0 : 1;
            const result = await acks.add({ deviceId: event.deviceId, ack: event.message, now: at, qos });
            if (result.outcome === 'unknown')
              log.warn({ deviceId: event.deviceId }, 'ack for an unknown command');
            if (result.outcome === 'refused') {
              // Rejected, so the broker closes the connection (authorize-publish.ts), as for a QoS 0 `state`: the
              // agent acks only config.apply at QoS 0 (ACK_QOS); the command stays open and is sent again.
              log.warn(
                { deviceId: event.deviceId, commandId: event.message.commandId, qos },
                'refused a QoS 0 ack of a command acknowledged with QoS 1',
              );
              throw new Error('ack QoS too low for the command');
            }
            if (result.outcome !== 'acked') return;
            const acked = { deviceId: event.deviceId, command: result.command, ack: event.message, at };
            if (result.command.type === 'wipe') {
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
            for (const hook of hooks) await hook.onCommandAcked?.(acked);
          });
        case 'sig/up': {
          // In order per kiosk (an offer before its ICE candidates); the party is the kiosk's citizen.
          const calls = deps.calls;
          if (!calls) {
            log.debug({ deviceId: event.deviceId, type: event.message.type }, 'device signalling received');
            return Promise.resolve();
          }
          // Signalling is not "durably handled" like state or acks: a failed message is logged and dropped
          // (the call machine times the call out), and it resolves, so the broker acknowledges it. Rejecting
          // would close the kiosk's MQTT connection mid-call (authorize-publish.ts).
          return serial(event.deviceId, () =>
            calls.onDeviceSignal(event.deviceId, event.message).catch((error: unknown) => {
              log.warn(
                { err: error, deviceId: event.deviceId, type: event.message.type },
                'device signalling message failed; dropped',
              );
            }),
          );
        }
      }
    },

    subscribe(hook: DeviceLinkHooks): void {
      hooks.push(hook);
    },

    flush(deviceId: string): Promise<void> {
      return flush(deviceId);
    },

    send(deviceId: string, command: DeviceCommand, options?: { markedSent?: boolean }): Promise<void> {
      return send(deviceId, command, true, options?.markedSent === true);
    },

    isReady(deviceId: string): boolean {
      return delivery.isReady(deviceId);
    },

    sendHere(deviceId: string, command: DeviceCommand): Promise<void> {
      return send(deviceId, command, false);
    },

    async enqueue(deviceId: string, command: DeviceCommand): Promise<void> {
      await enqueueCommand(db.db, deviceId, command);
      await send(deviceId, command, true);
    },

    async idle(): Promise<void> {
      await Promise.all([...chains.values()]);
      await Promise.all([acks.idle(), states.idle(), delivery.idle()]);
      await telemetry.flush();
    },
  };
}
