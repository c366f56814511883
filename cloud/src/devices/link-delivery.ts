import { type Clock, configSchemaFor, type DeviceCommand } from '@screenvisit/protocol';
import { type Database, markSent, type PendingForFlush, pendingForFlushOf, unmarkSent } from '../db/index.js';
import { createBatchWriter } from './batch-writer.js';
import { createCommandShaper } from './config-for-kiosk.js';
import type { PublishToDevice } from './link-types.js';

/** Acks per transaction: a bulk push's acks arrive together; this bounds the statement and the wait. */
export const ACK_BATCH = 500;
/** Devices per `state` UPDATE and per outbox read at connect (a fleet reconnecting at once). */
export const CONNECT_BATCH = 500;

/**
 * Commands to the kiosks, for createDeviceLink (link.ts, whose INVARIANTS hold here): the connect path (a
 * connection's first command SUBSCRIBE flushes what waits in the outbox) and the publish path (a command written
 * later goes out at once to a kiosk that is ready here, else to the node that holds it), each command shaped for
 * the config schema its kiosk reported. Every step runs in the link's per-device chain (`serial`).
 */
export function createCommandDelivery(deps: {
  db: Database;
  clock: Clock;
  publish: PublishToDevice;
  forward?: ((deviceId: string, command: DeviceCommand) => void) | undefined;
  /** The link's per-device chain. */
  serial: (deviceId: string, work: () => Promise<void>) => Promise<void>;
  /** The kiosks connected to this node's broker (the link's). */
  online: ReadonlySet<string>;
}) {
  const { db, clock, serial, online } = deps;
  const ready = new Set<string>();
  /** The config schema each kiosk connected here reported (protocol configSchemaFor's reading of it). */
  const schemas = new Map<string, number>();
  const shape = createCommandShaper();
  const forKiosk = (deviceId: string, command: DeviceCommand) =>
    shape(command, schemas.get(deviceId) ?? configSchemaFor(null));
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
    flush,
    send,
    isReady: (deviceId: string) => ready.has(deviceId),
    /** A connection opened or closed: not ready until its flush, and shaped for what it reports anew. */
    reset(deviceId: string) {
      ready.delete(deviceId);
      schemas.delete(deviceId);
    },
    /** The config schema an `online` state of a connected kiosk reported. */
    reported(deviceId: string, schema: number) {
      schemas.set(deviceId, schema);
    },
    idle: () => Promise.all([pendingReads.idle(), sentMarks.idle()]),
  };
}
