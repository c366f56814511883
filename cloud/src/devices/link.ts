import {
  type ClientMessage,
  type Clock,
  type CommandAck,
  configSchemaFor,
  type DeviceCommand,
  type DeviceState,
  type Heartbeat,
} from '@screenvisit/protocol';
import {
  type AckResult,
  type AckToSettle,
  acknowledgeCommands,
  appendAudit,
  type Database,
  type Db,
  type DeviceStateUpdate,
  enqueueCommand,
  markSent,
  type PendingForFlush,
  pendingForFlushOf,
  type RecordedState,
  recordDeviceStates,
  type SettledCommand,
  unmarkSent,
} from '../db/index.js';
import type { Logger } from '../kernel/logger.js';
import { createBatchWriter } from './batch-writer.js';
import { createCommandShaper } from './config-for-kiosk.js';
import type { DeviceTelemetry } from './telemetry.js';

/** Acks per transaction: a bulk push's acks arrive together; this bounds the statement and the wait. */
const ACK_BATCH = 500;
/** Devices per `state` UPDATE and per outbox read at connect (a fleet reconnecting at once). */
const CONNECT_BATCH = 500;

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
  const ready = new Set<string>();
  const hooks: DeviceLinkHooks[] = [];
  /** The config schema each kiosk connected here reported (protocol configSchemaFor's reading of it). */
  const schemas = new Map<string, number>();
  const shape = createCommandShaper();
  const forKiosk = (deviceId: string, command: DeviceCommand) =>
    shape(command, schemas.get(deviceId) ?? configSchemaFor(null));
  const states = createBatchWriter<DeviceStateUpdate & { deviceId: string }, RecordedState>({
    maxBatch: CONNECT_BATCH,
    write: (batch) => recordDeviceStates(db.db, batch, deps.nodeId),
  });
  const pendingReads = createBatchWriter<string, PendingForFlush>({
    maxBatch: CONNECT_BATCH,
    write: async (deviceIds) => {
      const byDevice = await pendingForFlushOf(db.db, deviceIds);
      return deviceIds.map((id) => byDevice.get(id) ?? { commands: [], configSchema: null });
    },
  });
  // Sent marks are bookkeeping for support ("sent 3 times"), one UPDATE for all the commands published while the
  // previous one ran: a bulk push publishes thousands at once.
  const sentMarks = createBatchWriter<readonly string[], void>({
    maxBatch: ACK_BATCH,
    write: async (idLists) => {
      await markSent(db.db, idLists.flat(), new Date(clock.now()));
      return idLists.map(() => undefined);
    },
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

  const flush = (deviceId: string) =>
    serial(deviceId, async () => {
      if (!online.has(deviceId)) return;
      const { commands, configSchema } = await pendingReads.add(deviceId);
      schemas.set(deviceId, configSchemaFor(configSchema));
      for (const command of commands)
        await deps.publish(deviceId, 'cmd', forKiosk(deviceId, command.payload));
      if (commands.length > 0) await sentMarks.add(commands.map((c) => c.id));
      ready.add(deviceId);
    });

  // Cross-node: the command is committed before it is forwarded, so on the holder either its flush has not
  // read the outbox yet (and will find it) or the kiosk is already ready there and sendHere publishes it, in the
  // kiosk's own chain after that flush. Either way it is sent; at worst twice (the kiosk de-duplicates by id).
  const send = (deviceId: string, command: DeviceCommand, mayForward: boolean, markedSent = false) =>
    serial(deviceId, async () => {
      if (!ready.has(deviceId)) {
        // Not ready here: the next connection's flush sends (and marks) it, or the node holding the kiosk does.
        // In this device's chain, so the mark is taken back before any later flush adds its own.
        if (markedSent) await unmarkSent(db.db, [command.id]);
        if (mayForward && !online.has(deviceId)) deps.forward?.(deviceId, command);
        return;
      }
      try {
        await deps.publish(deviceId, 'cmd', forKiosk(deviceId, command));
      } catch (error) {
        // Not handed to the broker (it is closing): the mark written with the row is not true.
        if (markedSent) await unmarkSent(db.db, [command.id]);
        throw error;
      }
      if (!markedSent) await sentMarks.add([command.id]);
    });

  return {
    onDeviceConnection(deviceId: string, connected: boolean): void {
      if (connected) online.add(deviceId);
      else online.delete(deviceId);
      ready.delete(deviceId);
      schemas.delete(deviceId);
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
            if (online.has(event.deviceId)) schemas.set(event.deviceId, to);
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
      return ready.has(deviceId);
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
      await Promise.all([acks.idle(), states.idle(), pendingReads.idle(), sentMarks.idle()]);
      await telemetry.flush();
    },
  };
}
