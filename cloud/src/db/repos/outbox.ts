import type { CommandAck, DeviceCommand } from '@screenvisit/protocol';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { deviceCommandsTable } from '../schema/index.js';

/**
 * INVARIANTS of the command outbox:
 *  - a command is written here BEFORE it is published, and stays pending until the device acks it, so a
 *    cloud restart (aedes keeps sessions in memory) loses nothing: on reconnect, re-send `pendingCommands`;
 *  - delivery is at-least-once (MQTT QoS 1 [MQTT-4.3.2]); the device dedupes by command id, and we accept
 *    duplicate acks, keeping the first.
 */
export type OutboxCommand = typeof deviceCommandsTable.$inferSelect;

/** Enqueuing the same command id twice is a no-op; returns false then. */
export async function enqueueCommand(db: Db, deviceId: string, command: DeviceCommand): Promise<boolean> {
  const inserted = await db
    .insert(deviceCommandsTable)
    .values({ id: command.id, deviceId, type: command.type, payload: command })
    .onConflictDoNothing({ target: deviceCommandsTable.id })
    .returning({ id: deviceCommandsTable.id });
  return inserted.length > 0;
}

/** Unacknowledged commands of one device, oldest first (the order they were enqueued). */
export async function pendingCommands(db: Db, deviceId: string): Promise<OutboxCommand[]> {
  return db
    .select()
    .from(deviceCommandsTable)
    .where(and(eq(deviceCommandsTable.deviceId, deviceId), isNull(deviceCommandsTable.ackedAt)))
    .orderBy(asc(deviceCommandsTable.seq));
}

/**
 * Notes a publish attempt of each command (for back-off and for support's "sent 3 times, never acked"): one
 * UPDATE for a whole flush, however many commands it sent.
 */
export async function markSent(db: Db, commandIds: readonly string[], now: Date): Promise<void> {
  if (commandIds.length === 0) return;
  await db
    .update(deviceCommandsTable)
    .set({ sentAt: now, attempts: sql`${deviceCommandsTable.attempts} + 1` })
    .where(inArray(deviceCommandsTable.id, [...commandIds]));
}

export type AckResult =
  | { outcome: 'acked'; command: OutboxCommand }
  | { outcome: 'duplicate' }
  /** No such command for THIS device (a device cannot settle another device's command). */
  | { outcome: 'unknown' };

/**
 * Settles a command with the device's ack; `command` (with its type and payload) only on the first ack.
 * A second ack of the same command changes nothing. `now` is the cloud's time: device clocks drift.
 */
export async function acknowledgeCommand(
  db: Db,
  deviceId: string,
  ack: CommandAck,
  now: Date,
): Promise<AckResult> {
  const mine = and(eq(deviceCommandsTable.id, ack.commandId), eq(deviceCommandsTable.deviceId, deviceId));
  const [settled] = await db
    .update(deviceCommandsTable)
    .set({ ackedAt: now, ackStatus: ack.status, ackReason: ack.reason ?? null })
    .where(and(mine, isNull(deviceCommandsTable.ackedAt)))
    .returning();
  if (settled) return { outcome: 'acked', command: settled };
  const [existing] = await db.select({ id: deviceCommandsTable.id }).from(deviceCommandsTable).where(mine);
  return { outcome: existing ? 'duplicate' : 'unknown' };
}
