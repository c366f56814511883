import { ACK_QOS, type CommandAck, type DeviceCommand } from '@screenvisit/protocol';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { preparedPerDb } from '../prepared.js';
import { deviceCommandsTable, devicesTable } from '../schema/index.js';
import { arrayLiteral, unnestOf } from '../unnest.js';

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

/** `pendingCommands` of many devices in one read (the flushes of a fleet connecting at once), each oldest first. */
export async function pendingCommandsOf(
  db: Db,
  deviceIds: readonly string[],
): Promise<Map<string, OutboxCommand[]>> {
  const byDevice = new Map<string, OutboxCommand[]>(deviceIds.map((id) => [id, []]));
  if (deviceIds.length === 0) return byDevice;
  const rows = await pendingOf(db).execute({ deviceIds: arrayLiteral([...byDevice.keys()]) });
  for (const row of rows) byDevice.get(row.deviceId)?.push(row);
  return byDevice;
}

/** What a connection's flush needs of one device: its unacknowledged commands and the config schema it reported. */
export interface PendingForFlush {
  readonly commands: OutboxCommand[];
  /** devices.config_schema: the schema the kiosk reported last (null: none, the oldest). */
  readonly configSchema: number | null;
}

/**
 * `pendingCommandsOf` with each device's reported config schema, in the same one statement (a join on the
 * devices row, not a second read per connect): the flush shapes each `config.apply` for it (devices/link.ts).
 */
export async function pendingForFlushOf(
  db: Db,
  deviceIds: readonly string[],
): Promise<Map<string, PendingForFlush>> {
  const byDevice = new Map<string, PendingForFlush>(
    deviceIds.map((id) => [id, { commands: [], configSchema: null }]),
  );
  if (deviceIds.length === 0) return byDevice;
  const rows = await pendingWithSchemaOf(db).execute({ deviceIds: arrayLiteral([...byDevice.keys()]) });
  for (const row of rows) {
    const commands = byDevice.get(row.deviceId)?.commands ?? [];
    if (row.command) commands.push(row.command);
    byDevice.set(row.deviceId, { commands, configSchema: row.configSchema });
  }
  return byDevice;
}

const pendingWithSchemaOf = preparedPerDb((db) =>
  db
    .select({
      deviceId: devicesTable.id,
      configSchema: devicesTable.configSchema,
      command: deviceCommandsTable,
    })
    .from(devicesTable)
    .leftJoin(
      deviceCommandsTable,
      and(eq(deviceCommandsTable.deviceId, devicesTable.id), isNull(deviceCommandsTable.ackedAt)),
    )
    .where(sql`${devicesTable.id} = any(${sql.placeholder('deviceIds')}::uuid[])`)
    .orderBy(asc(deviceCommandsTable.seq))
    .prepare('pending_for_flush_of'),
);

// One array parameter (db/unnest.ts): one statement whatever the batch's size, built once per Db (db/prepared.ts).
const pendingOf = preparedPerDb((db) =>
  db
    .select()
    .from(deviceCommandsTable)
    .where(
      and(
        sql`${deviceCommandsTable.deviceId} = any(${sql.placeholder('deviceIds')}::uuid[])`,
        isNull(deviceCommandsTable.ackedAt),
      ),
    )
    .orderBy(asc(deviceCommandsTable.seq))
    .prepare('pending_commands_of'),
);

/**
 * Notes a publish attempt of each command (for back-off and for support's "sent 3 times, never acked"): one
 * UPDATE for a whole flush, however many commands it sent.
 */
export async function markSent(db: Db, commandIds: readonly string[], now: Date): Promise<void> {
  if (commandIds.length === 0) return;
  // Rows locked in id order, as the bulk ack settle does: in any other order the two deadlock. The ids are one
  // array parameter (db/unnest.ts), however many there are.
  await db
    .update(deviceCommandsTable)
    .set({ sentAt: now, attempts: sql`${deviceCommandsTable.attempts} + 1` })
    .from(
      sql`(select l.id from ${deviceCommandsTable} as l where l.id = any(${arrayLiteral(commandIds)}::uuid[]) order by l.id for no key update of l) as l`,
    )
    .where(sql`${deviceCommandsTable.id} = l.id`);
}

/**
 * Takes back a sent mark written with the command (the bulk push marks the commands of kiosks ready at its write,
 * devices/bulk-config.ts) when the kiosk was gone by the time of the publish: its next flush sends and marks it.
 */
export async function unmarkSent(db: Db, commandIds: readonly string[]): Promise<void> {
  if (commandIds.length === 0) return;
  await db
    .update(deviceCommandsTable)
    .set({
      attempts: sql`greatest(${deviceCommandsTable.attempts} - 1, 0)`,
      sentAt: sql`case when ${deviceCommandsTable.attempts} > 1 then ${deviceCommandsTable.sentAt} end`,
    })
    .where(sql`${deviceCommandsTable.id} = any(${arrayLiteral(commandIds)}::uuid[])`);
}

/**
 * What a first ack settled, as the ack's hooks read it: the row's identity and ack columns and, for a
 * `config.apply`, the version it carried. Not the whole row: a bulk push's 10,000 acks would otherwise each bring
 * back, and parse, the command's payload with its config (issue 14).
 */
export interface SettledCommand {
  readonly id: string;
  readonly deviceId: string;
  readonly type: string;
  readonly ackedAt: Date | null;
  readonly ackStatus: OutboxCommand['ackStatus'];
  readonly ackReason: string | null;
  /** The payload's `version` (a `config.apply`'s), else null. */
  readonly version: number | null;
}

export type AckResult =
  | { outcome: 'acked'; command: SettledCommand }
  | { outcome: 'duplicate' }
  /** No such command for THIS device (a device cannot settle another device's command). */
  | { outcome: 'unknown' }
  /**
   * An unsettled command of this device whose ack came at QoS 0 when its type is acknowledged with QoS 1
   * (ACK_QOS, docs/protocol.md "CommandAck"): not settled; the agent never does this.
   */
  | { outcome: 'refused' };

/**
 * Settles a command with the device's ack; `command` (SettledCommand) only on the first ack.
 * A second ack of the same command changes nothing. `now` is the cloud's time: device clocks drift.
 */
export async function acknowledgeCommand(
  db: Db,
  deviceId: string,
  ack: CommandAck,
  now: Date,
  qos: 0 | 1 = 1,
): Promise<AckResult> {
  const [result] = await acknowledgeCommands(db, [{ deviceId, ack, now, qos }]);
  return result ?? { outcome: 'unknown' };
}

export interface AckToSettle {
  deviceId: string;
  ack: CommandAck;
  now: Date;
  /** The QoS the ack was published with: at 0 it settles only a command type whose ACK_QOS is 0. */
  qos: 0 | 1;
}

/**
 * The command types a QoS 0 ack may settle (ACK_QOS: config.apply), as an SQL list of constants. Any other
 * type's ack must come at QoS 1, whose PUBACK the broker writes only after this settle commits (issue 14 §5): a
 * wiped kiosk erases its credential once its ack is acknowledged and could never hear a resend.
 */
const QOS0_ACK_TYPES = sql.raw(
  `(${Object.entries(ACK_QOS)
    .filter(([, qos]) => qos === 0)
    .map(([type]) => `'${type}'`)
    .join(', ')})`,
);

/**
 * `acknowledgeCommand` for a whole batch of acks (issue 14: a bulk push to 10,000 kiosks brings 10,000 acks at
 * once): one UPDATE ... FROM (VALUES ...) settles every first ack, and one SELECT tells a duplicate from an unknown
 * command for the rest (only when there is a rest). Results are in the order of `acks`. A batch holds at most one
 * ack per command of a device (the device link settles one device's acks in sequence).
 */
export async function acknowledgeCommands(db: Db, acks: readonly AckToSettle[]): Promise<AckResult[]> {
  if (acks.length === 0) return [];
  // One parameter per column (db/unnest.ts), not five per ack.
  const values = unnestOf('v', {
    id: { type: 'uuid', values: acks.map((a) => a.ack.commandId) },
    device_id: { type: 'uuid', values: acks.map((a) => a.deviceId) },
    at: { type: 'timestamptz', values: acks.map((a) => a.now.toISOString()) },
    status: { type: 'command_ack_status', values: acks.map((a) => a.ack.status) },
    reason: { type: 'text', values: acks.map((a) => a.ack.reason ?? null) },
    qos: { type: 'int2', values: acks.map((a) => a.qos) },
  });
  const settled = await db
    .update(deviceCommandsTable)
    .set({ ackedAt: sql`v.at`, ackStatus: sql`v.status`, ackReason: sql`v.reason` })
    // Rows locked in id order (markSent does the same): two bulk updates of the outbox never deadlock.
    .from(
      sql`(select v.* from ${values} join ${deviceCommandsTable} as l on l.id = v.id order by l.id for no key update of l) as v`,
    )
    .where(
      and(
        sql`${deviceCommandsTable.id} = v.id`,
        sql`${deviceCommandsTable.deviceId} = v.device_id`,
        isNull(deviceCommandsTable.ackedAt),
        sql`(v.qos = 1 or ${deviceCommandsTable.type} in ${QOS0_ACK_TYPES})`,
      ),
    )
    // Only what the hooks read (SettledCommand), not the payload.
    .returning({
      id: deviceCommandsTable.id,
      deviceId: deviceCommandsTable.deviceId,
      type: deviceCommandsTable.type,
      ackedAt: deviceCommandsTable.ackedAt,
      ackStatus: deviceCommandsTable.ackStatus,
      ackReason: deviceCommandsTable.ackReason,
      version: sql<number | null>`(${deviceCommandsTable.payload}->>'version')::integer`,
    })
    // Named: kept prepared by postgres.js (one round trip, not a Describe first; db/postgres.ts PREPARED).
    .prepare('settle_acks')
    .execute();
  const byId = new Map(settled.map((c) => [c.id, c]));
  const rest = acks.filter((a) => !byId.has(a.ack.commandId));
  // For the rest: this device's command already settled (a duplicate), still open (only a QoS 0 ack of a type
  // that needs QoS 1 leaves one open), or none of this device's (unknown).
  const known =
    rest.length === 0
      ? new Map<string, boolean>()
      : new Map(
          (
            await db
              .select({
                id: deviceCommandsTable.id,
                deviceId: deviceCommandsTable.deviceId,
                open: sql<boolean>`${deviceCommandsTable.ackedAt} is null`,
              })
              .from(deviceCommandsTable)
              .where(
                inArray(
                  deviceCommandsTable.id,
                  rest.map((a) => a.ack.commandId),
                ),
              )
          ).map((c) => [`${c.id}/${c.deviceId}`, c.open] as const),
        );
  return acks.map((a): AckResult => {
    const command = byId.get(a.ack.commandId);
    if (command && command.deviceId === a.deviceId) return { outcome: 'acked', command };
    const open = known.get(`${a.ack.commandId}/${a.deviceId}`);
    if (open === undefined) return { outcome: 'unknown' };
    return { outcome: open && a.qos === 0 ? 'refused' : 'duplicate' };
  });
}
