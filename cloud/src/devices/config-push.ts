import { randomUUID } from 'node:crypto';
import {
  type CommandAck,
  DEFAULT_DEVICE_CONFIG,
  type DeviceCommand,
  DeviceConfig,
} from '@screenvisit/protocol';
import { and, desc, eq, isNull, lte, sql } from 'drizzle-orm';
import {
  appendAudit,
  auditLogTable,
  citizenEnrolmentsTable,
  type Db,
  type Device,
  deviceCommandsTable,
  deviceConfigsTable,
  devicesTable,
  enqueueCommand,
  unitsTable,
} from '../db/index.js';
import { unnestOf } from '../db/unnest.js';
import { AppError } from '../kernel/errors.js';
import { acceptsConfig } from './lifecycle.js';
import { nightWatchHoursForOne } from './night-watch-hours.js';
import { withPoolPhone } from './pool-phone.js';
import { type DeviceActor, lockDevice } from './scoped-device.js';

/** What support may set; everything left out keeps the current target. Contacts are never typed by hand. */
export type ConfigChanges = Partial<Omit<DeviceConfig, 'contacts'>>;

export interface PushedConfig {
  readonly version: number;
  readonly commandId: string;
  readonly config: DeviceConfig;
}

/** The newest pushed version (the target), or null before the first push. */
export async function targetConfig(
  db: Db,
  deviceId: string,
): Promise<{ version: number; config: DeviceConfig; appliedAt: Date | null } | null> {
  const [row] = await db
    .select()
    .from(deviceConfigsTable)
    .where(eq(deviceConfigsTable.deviceId, deviceId))
    .orderBy(desc(deviceConfigsTable.version))
    .limit(1);
  return row ? { version: row.version, config: row.config, appliedAt: row.appliedAt } : null;
}

/**
 * The newest target of a kiosk whose config schema changed (service.ts onConfigSchemaChanged), with its
 * municipality and whether its command still waits in the outbox: one read, once per upgrade or rollback.
 */
export async function targetForSchemaChange(
  db: Db,
  deviceId: string,
): Promise<{
  municipalityId: string;
  version: number;
  config: DeviceConfig;
  appliedAt: Date | null;
  pending: boolean;
} | null> {
  const [row] = await db
    .select({
      municipalityId: devicesTable.municipalityId,
      version: deviceConfigsTable.version,
      config: deviceConfigsTable.config,
      appliedAt: deviceConfigsTable.appliedAt,
      commandId: deviceCommandsTable.id,
      ackedAt: deviceCommandsTable.ackedAt,
    })
    .from(deviceConfigsTable)
    .innerJoin(devicesTable, eq(devicesTable.id, deviceConfigsTable.deviceId))
    .leftJoin(deviceCommandsTable, eq(deviceCommandsTable.id, deviceConfigsTable.commandId))
    .where(eq(deviceConfigsTable.deviceId, deviceId))
    .orderBy(desc(deviceConfigsTable.version))
    .limit(1);
  if (!row) return null;
  const { commandId, ackedAt, ...target } = row;
  return { ...target, pending: commandId !== null && ackedAt === null };
}

/**
 * The kiosk's contacts: the units its citizen is enrolled in now, by their display names (unit names, never
 * people's). A device lent to nobody has none, so a returned kiosk forgets its last citizen's teams.
 */
async function contactsFor(db: Db, device: Device, now: Date): Promise<DeviceConfig['contacts']> {
  if (!device.citizenId) return [];
  const rows = await db
    .select({ id: unitsTable.id, displayName: unitsTable.name })
    .from(citizenEnrolmentsTable)
    .innerJoin(unitsTable, eq(unitsTable.id, citizenEnrolmentsTable.unitId))
    .where(
      and(
        eq(citizenEnrolmentsTable.citizenId, device.citizenId),
        isNull(citizenEnrolmentsTable.endedAt),
        lte(citizenEnrolmentsTable.startedAt, now),
      ),
    );
  return rows.slice(0, 50).map((r) => ({ id: r.id, displayName: r.displayName.slice(0, 80) }));
}

/** The night-watch button calls a pool: it must be a night-watch pool of the device's own municipality. */
export async function checkPool(db: Db, municipalityId: string, nightWatch: DeviceConfig['nightWatch']) {
  if (!nightWatch.enabled) return;
  if (!nightWatch.poolId) {
    throw AppError.invalidInput('Choose the night-watch pool the button should call.', [
      { path: 'nightWatch.poolId', message: 'required when night watch is enabled' },
    ]);
  }
  const [pool] = await db
    .select({ kind: unitsTable.kind })
    .from(unitsTable)
    .where(and(eq(unitsTable.id, nightWatch.poolId), eq(unitsTable.municipalityId, municipalityId)));
  if (pool?.kind !== 'night_watch_pool') throw AppError.notFound('Night-watch pool');
}

/**
 * Used by: PUT /api/devices/{id}/config, and lend/return (contacts change). Writes the next version and its
 * `config.apply` command in ONE transaction (the device row is locked, so two pushes get distinct versions);
 * the caller then hands the command to the DeviceLink, which publishes it if the kiosk is online and otherwise
 * at its next connection (the outbox keeps it across cloud restarts).
 */
export async function writeConfigVersion(
  db: Db,
  input: {
    municipalityId: string;
    deviceId: string;
    changes: ConfigChanges;
    /** null: the system itself (the demo seed switches the demo kiosk's night-watch button on). */
    actor: DeviceActor | null;
    now: Date;
  },
): Promise<{ pushed: PushedConfig; command: DeviceCommand }> {
  return db.transaction(async (tx) => {
    const device = await lockDevice(tx, input.municipalityId, input.deviceId);
    if (!acceptsConfig(device.lifecycle)) {
      throw AppError.conflict('This device is being wiped or is retired; it takes no configuration.');
    }
    const current = await targetConfig(tx, device.id);
    const base = current?.config ?? DEFAULT_DEVICE_CONFIG;
    const parsed = DeviceConfig.safeParse({
      ...base,
      ...input.changes,
      contacts: await contactsFor(tx, device, input.now),
    });
    if (!parsed.success) throw AppError.invalidInput('This configuration is not valid.');
    await checkPool(tx, input.municipalityId, parsed.data.nightWatch);
    // The pool's number and the resident's hours for the button's lamp, both derived (pool-phone.ts, night-watch-hours.ts).
    const nightWatch = await nightWatchHoursForOne(
      tx,
      device.citizenId,
      await withPoolPhone(tx, parsed.data.nightWatch),
      input.now,
    );
    // The loan as the kiosk needs it: a returned kiosk forgets its last borrower's missed call (DeviceConfig.lent).
    const config = { ...parsed.data, nightWatch, lent: device.citizenId !== null };
    const version = (current?.version ?? Math.max(device.configVersion, 0)) + 1;
    const command: DeviceCommand = {
      v: 1,
      id: randomUUID(),
      issuedAt: input.now.toISOString(),
      type: 'config.apply',
      version,
      config,
    };
    await tx.insert(deviceConfigsTable).values({
      deviceId: device.id,
      version,
      config,
      commandId: command.id,
      createdByStaffId: input.actor?.staffId ?? null,
      createdAt: input.now,
    });
    await enqueueCommand(tx, device.id, command);
    await appendAudit(tx, {
      municipalityId: input.municipalityId,
      actorKind: input.actor ? 'staff' : 'system',
      actorId: input.actor?.staffId ?? null,
      action: 'device.config_pushed',
      targetKind: 'device',
      targetId: device.id,
      ip: input.actor?.ip ?? null,
      details: { version, commandId: command.id },
    });
    return { pushed: { version, commandId: command.id, config }, command };
  });
}

/** A first ack of a `config.apply` command, as the device link's ack batch hands it over. */
export interface ConfigAck {
  readonly deviceId: string;
  /** The settled command: its id and the version it carried (outbox.ts SettledCommand). */
  readonly command: { readonly id: string; readonly version: number };
  readonly ack: CommandAck;
  readonly at: Date;
}

/**
 * The bookkeeping of a batch of first `config.apply` acks, in the ack batch's transaction (issue 14: it was five
 * statements per ack, the bulk push's bottleneck), as ONE statement: it marks the versions applied and raises
 * the devices' `config_version` (never backwards: a late ack of an old version must not hide a newer one already
 * reported), and writes the audit rows, their municipality and details built in the statement from the batch's
 * columns. The audit stays one row per device (not one per batch), as appendAudit would write it:
 * diagnostics/bundle.ts reads a device's history by its target id.
 */
export async function recordConfigAcks(db: Db, acks: readonly ConfigAck[]): Promise<void> {
  if (acks.length === 0) return;
  // One parameter per column (db/unnest.ts); `version` is the one applied (the ack's, else the command's).
  const rows = unnestOf('v', {
    device_id: { type: 'uuid', values: acks.map((a) => a.deviceId) },
    command_id: { type: 'uuid', values: acks.map((a) => a.command.id) },
    status: { type: 'text', values: acks.map((a) => a.ack.status) },
    version: { type: 'integer', values: acks.map((a) => a.ack.appliedVersion ?? a.command.version) },
    command_version: { type: 'integer', values: acks.map((a) => a.command.version) },
    at: { type: 'timestamptz', values: acks.map((a) => a.at.toISOString()) },
  });
  // Data-modifying CTEs (PostgreSQL docs 7.8.4): all three parts run, on one snapshot. Device rows are locked in
  // id order, as every bulk write of the devices table does (devices/telemetry.ts). The audit rows keep the
  // batch's order (a scalar sub-select per row, no join to reorder them).
  await db.execute(sql`
    with v as (select * from ${rows}),
    applied as (
      update ${deviceConfigsTable} as c set applied_at = v.at from v
      where v.status = 'applied' and c.device_id = v.device_id and c.version = v.version and c.applied_at is null
    ),
    raised as (
      update ${devicesTable} as d set config_version = r.version
      from (
        select v.* from v join ${devicesTable} as l on l.id = v.device_id
        where v.status = 'applied' order by l.id for no key update of l
      ) as r
      where d.id = r.device_id and d.config_version <= r.version
    )
    insert into ${auditLogTable} (municipality_id, actor_kind, actor_id, action, target_kind, target_id, details)
    select (select m.municipality_id from ${devicesTable} as m where m.id = v.device_id), 'device', v.device_id,
      case when v.status = 'applied' then 'device.config_applied' else 'device.config_refused' end,
      'device', v.device_id::text,
      case when v.status = 'applied' then jsonb_build_object('version', v.version, 'commandId', v.command_id)
        else jsonb_build_object('version', v.command_version, 'status', v.status) end
    from v`);
}
