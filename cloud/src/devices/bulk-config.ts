import { randomUUID } from 'node:crypto';
import { DEFAULT_DEVICE_CONFIG, type DeviceCommand, DeviceConfig } from '@screenvisit/protocol';
import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { nightWatchHoursOf } from '../care/index.js';
import {
  auditLogTable,
  citizenEnrolmentsTable,
  type Db,
  type DeviceHold,
  type DeviceLifecycle,
  deviceCommandsTable,
  deviceConfigsTable,
  devicesTable,
  unitsTable,
} from '../db/index.js';
import { anyOf, arrayLiteral, unnestOf } from '../db/unnest.js';
import { deepFreeze } from '../kernel/deep-freeze.js';
import { AppError } from '../kernel/errors.js';
import { type ConfigChanges, checkPool } from './config-push.js';
import { inUseNow, lifecyclesAccepting } from './lifecycle.js';
import { nightWatchHoursKey, withNightWatchHours } from './night-watch-hours.js';
import { withPoolPhone } from './pool-phone.js';
import type { DeviceActor } from './scoped-device.js';
import { retryOnConflict } from './transaction-retry.js';

/** Devices per transaction: bounds the statement size and how long a batch holds its row locks. */
export const BULK_BATCH = 500;
/**
 * Batches being written at once (pushConfigToAll). Three, not two: with two the cloud still waited for PostgreSQL
 * between batches (cloud CPU 1.76-2.55 s over a 2.0-2.7 s API call); three made a 10,000-kiosk push settle sooner
 * in 4 of 4 quiet pairs (median 2.28 against 2.59 s) with less cloud CPU; four answered the call sooner but settled
 * later (docs/performance.md, 2026-12-06 02:34 UTC). Their device ranges are disjoint, so their locks never meet.
 */
export const WRITES_IN_FLIGHT = 3;

/**
 * Which kiosks: every one of the municipality, those lent to a citizen enrolled in one unit now, or a list the
 * cloud chose itself (kiosks whose pool number changed, pool-phone.ts; never from the HTTP route).
 */
export type BulkScope =
  | { readonly kind: 'municipality' }
  | { readonly kind: 'unit'; readonly unitId: string }
  | { readonly kind: 'devices'; readonly deviceIds: readonly string[] };

/** How many kiosks a push reaches (or would reach), split by inUseNow (lifecycle.ts). */
export interface BulkReach {
  /** Kiosks that got (or would get) a new version and a `config.apply` in the outbox: inUse + notInUse. */
  readonly devices: number;
  /** Of those, in use now: enrolled or lent, credential live, not lost or in repair, not taken back unwiped. */
  readonly inUse: number;
  /** Of those, not in use now (registered, credential revoked, lost or in repair, taken back and not wiped). */
  readonly notInUse: number;
}

export interface BulkPushResult extends BulkReach {
  readonly batches: number;
}

interface Target {
  readonly id: string;
  readonly lifecycle: DeviceLifecycle;
  readonly credentialRevokedAt: Date | null;
  readonly heldAs: DeviceHold | null;
  readonly returnedAt: Date | null;
}

/**
 * Kiosks in scope that take configuration: with a credential, in a lifecycle that can still be wiped, in this
 * municipality. Their ids, and what inUseNow reads for the preview's count: writeBatch reads the rest (and these
 * again) under its row locks.
 */
async function targetsOf(db: Db, municipalityId: string, scope: BulkScope, now: Date): Promise<Target[]> {
  const inLifecycle = and(
    eq(devicesTable.municipalityId, municipalityId),
    isNotNull(devicesTable.credentialHash),
    // acceptsConfig(): every lifecycle that can still be wiped (lifecycle.ts).
    inArray(devicesTable.lifecycle, lifecyclesAccepting('wipe')),
  );
  const columns = {
    id: devicesTable.id,
    lifecycle: devicesTable.lifecycle,
    credentialRevokedAt: devicesTable.credentialRevokedAt,
    heldAs: devicesTable.heldAs,
    returnedAt: devicesTable.returnedAt,
  };
  if (scope.kind === 'municipality')
    return db.select(columns).from(devicesTable).where(inLifecycle).orderBy(asc(devicesTable.id));
  if (scope.kind === 'devices') {
    if (scope.deviceIds.length === 0) return [];
    return db
      .select(columns)
      .from(devicesTable)
      .where(and(inLifecycle, inArray(devicesTable.id, [...scope.deviceIds])))
      .orderBy(asc(devicesTable.id));
  }
  const [unit] = await db
    .select({ id: unitsTable.id })
    .from(unitsTable)
    .where(and(eq(unitsTable.id, scope.unitId), eq(unitsTable.municipalityId, municipalityId)));
  if (!unit) throw AppError.notFound('Unit');
  return db
    .selectDistinct(columns)
    .from(devicesTable)
    .innerJoin(citizenEnrolmentsTable, eq(citizenEnrolmentsTable.citizenId, devicesTable.citizenId))
    .where(
      and(
        inLifecycle,
        eq(citizenEnrolmentsTable.unitId, scope.unitId),
        isNull(citizenEnrolmentsTable.endedAt),
        lte(citizenEnrolmentsTable.startedAt, now),
      ),
    )
    .orderBy(asc(devicesTable.id));
}

/**
 * One batch in ONE transaction: lock the batch's device rows (so a single push running at the same time gets a
 * distinct version), read their current targets and their citizens' teams with one query each, then write every
 * version row, every `config.apply` command and every audit row with one multi-row INSERT each. Same result
 * per device as writeConfigVersion (config-push.ts), at a handful of statements per 500 kiosks instead of ~6
 * per kiosk.
 */
async function writeBatch(
  db: Db,
  input: {
    municipalityId: string;
    ids: string[];
    changes: ConfigChanges;
    /** null: the cloud itself (a pool chain's number brought up to date at start), audited as `system`. */
    actor: DeviceActor | null;
    now: Date;
    isReady: (deviceId: string) => boolean;
  },
): Promise<{ deviceId: string; command: DeviceCommand; markedSent: boolean; inUse: boolean }[]> {
  return db.transaction(async (tx) => {
    const locked = await tx
      .select({
        id: devicesTable.id,
        citizenId: devicesTable.citizenId,
        configVersion: devicesTable.configVersion,
        // Read under the lock: the result counts the kiosks as they were when they got it, which is the
        // truth if the set changed since the preview (docs/guides/da/support.md).
        lifecycle: devicesTable.lifecycle,
        credentialRevokedAt: devicesTable.credentialRevokedAt,
        heldAs: devicesTable.heldAs,
        returnedAt: devicesTable.returnedAt,
      })
      .from(devicesTable)
      .where(
        and(
          anyOf(devicesTable.id, input.ids),
          inArray(devicesTable.lifecycle, lifecyclesAccepting('wipe')),
          isNotNull(devicesTable.credentialHash),
        ),
      )
      .orderBy(asc(devicesTable.id))
      .for('update')
      // Named, so postgres.js keeps the statement prepared on its connection: an unnamed statement with
      // parameters costs it a Describe round trip before every execution (db/postgres.ts PREPARED).
      .prepare('bulk_config_lock')
      .execute();
    if (locked.length === 0) return [];
    const current = await tx
      .selectDistinctOn([deviceConfigsTable.deviceId], {
        deviceId: deviceConfigsTable.deviceId,
        version: deviceConfigsTable.version,
        // As jsonb's text, not parsed: after the first push every kiosk has a current target, and parsing
        // 500 of them per batch only to re-serialise each as a grouping key was per-kiosk work (issue 14).
        // jsonb prints one value one way (keys sorted, no duplicates), so equal texts are equal configs; the
        // text is parsed once per distinct one below.
        configText: sql<string>`${deviceConfigsTable.config}::text`,
      })
      .from(deviceConfigsTable)
      .where(anyOf(deviceConfigsTable.deviceId, input.ids))
      .orderBy(deviceConfigsTable.deviceId, desc(deviceConfigsTable.version))
      .prepare('bulk_config_current')
      .execute();
    const currentOf = new Map(current.map((c) => [c.deviceId, c]));
    const citizens = [...new Set(locked.flatMap((d) => (d.citizenId ? [d.citizenId] : [])))];
    const teams =
      citizens.length === 0
        ? []
        : await tx
            .select({
              citizenId: citizenEnrolmentsTable.citizenId,
              id: unitsTable.id,
              displayName: unitsTable.name,
            })
            .from(citizenEnrolmentsTable)
            .innerJoin(unitsTable, eq(unitsTable.id, citizenEnrolmentsTable.unitId))
            .where(
              and(
                inArray(citizenEnrolmentsTable.citizenId, citizens),
                isNull(citizenEnrolmentsTable.endedAt),
                lte(citizenEnrolmentsTable.startedAt, input.now),
              ),
            );
    // The residents' night-watch hours, for the lamp: one statement per batch, as the teams above.
    const hoursOf = await nightWatchHoursOf(tx, citizens, input.now);
    const contactsOf = new Map<string, DeviceConfig['contacts']>();
    for (const team of teams) {
      const list = contactsOf.get(team.citizenId) ?? [];
      if (list.length < 50) list.push({ id: team.id, displayName: team.displayName.slice(0, 80) });
      contactsOf.set(team.citizenId, list);
    }

    const checkedPools = new Set<string>();
    const poolPhones = new Map<string, string | null>();
    // Kiosks with the same current target and the same teams get the same new config: validated once per
    // distinct one (a municipality-wide push is typically one or a handful), and every command of the group
    // shares the one frozen object, which the broker then validates and encodes once (realtime/mqtt/outbound.ts).
    // Grouped by the current target's jsonb text, then by the teams' JSON (one text per citizen, not per kiosk).
    const configs = new Map<string | null, Map<string, DeviceConfig>>();
    const teamsKeyOf = new Map<string | null, string>();
    const written = [];
    const issuedAt = input.now.toISOString();
    for (const device of locked) {
      const base = currentOf.get(device.id);
      const contacts = device.citizenId ? (contactsOf.get(device.citizenId) ?? []) : [];
      let teamsKey = teamsKeyOf.get(device.citizenId);
      if (teamsKey === undefined) {
        // The loan is part of the key: a kiosk lent to a citizen without teams has the contacts of one lent to nobody.
        // So are her night-watch hours (per citizen, as her teams): residents with the same hours share a config.
        const hours = nightWatchHoursKey(device.citizenId ? hoursOf.get(device.citizenId) : undefined);
        teamsKey = `${device.citizenId === null ? 'free' : 'lent'}:${JSON.stringify(contacts)}:${hours}`;
        teamsKeyOf.set(device.citizenId, teamsKey);
      }
      const baseText = base?.configText ?? null;
      let byTeams = configs.get(baseText);
      if (byTeams === undefined) {
        byTeams = new Map();
        configs.set(baseText, byTeams);
      }
      let config = byTeams.get(teamsKey);
      if (config === undefined) {
        const parsed = DeviceConfig.safeParse({
          ...(baseText === null ? DEFAULT_DEVICE_CONFIG : JSON.parse(baseText)),
          ...input.changes,
          contacts,
        });
        if (!parsed.success) throw AppError.invalidInput('This configuration is not valid.');
        const nightWatch = withNightWatchHours(
          await withPoolPhone(tx, parsed.data.nightWatch, poolPhones),
          device.citizenId ? hoursOf.get(device.citizenId) : undefined,
          device.citizenId !== null,
        );
        config = deepFreeze({ ...parsed.data, nightWatch, lent: device.citizenId !== null });
        byTeams.set(teamsKey, config);
      }
      const pool = config.nightWatch.enabled ? (config.nightWatch.poolId ?? '') : null;
      if (pool !== null && !checkedPools.has(pool)) {
        await checkPool(tx, input.municipalityId, config.nightWatch);
        checkedPools.add(pool);
      }
      const version = (base?.version ?? Math.max(device.configVersion, 0)) + 1;
      const command: DeviceCommand = {
        v: 1,
        id: randomUUID(),
        issuedAt,
        type: 'config.apply',
        version,
        config,
      };
      written.push({
        deviceId: device.id,
        version,
        config,
        command,
        markedSent: input.isReady(device.id),
        inUse: inUseNow(device),
      });
    }
    // ONE statement writes the batch's version rows, commands and audit rows (data-modifying CTEs, PostgreSQL docs
    // 7.8.4: all parts run on one snapshot; the foreign keys are checked at its end): one round trip per batch
    // instead of three, each of which waited behind the previous batch's publishes on the event loop.
    // One parameter per column (db/unnest.ts), not one per cell, and each distinct config sent ONCE per batch
    // (`configs[v.config]`): the version row's config and the command's payload are built from it in the
    // statement, instead of 1,000 JSON texts per batch escaped into array literals here and parsed there.
    // The payload is the command above, field for field (jsonb keeps no key order; the kiosk gets the JSON the
    // broker encodes, not this row's text). The audit rows are one per device, as appendAudit writes them
    // (diagnostics/bundle.ts reads a device's history by its target id), their details built here too.
    const shared = [...configs.values()].flatMap((byTeams) => [...byTeams.values()]);
    const slot = new Map(shared.map((config, i) => [config, i + 1]));
    const rows = unnestOf('v', {
      device_id: { type: 'uuid', values: written.map((w) => w.deviceId) },
      version: { type: 'integer', values: written.map((w) => w.version) },
      config: { type: 'integer', values: written.map((w) => slot.get(w.config)) },
      command_id: { type: 'uuid', values: written.map((w) => w.command.id) },
      sent: { type: 'boolean', values: written.map((w) => w.markedSent) },
    });
    const configsOf = sql`(${arrayLiteral(shared.map((c) => JSON.stringify(c)))}::jsonb[])[v.config]`;
    const staffId = input.actor?.staffId ?? null;
    // The sent mark of a kiosk ready now is written here, at the push's time, not by one more UPDATE of every
    // row after the publish (outbox.ts markSent): the link publishes it right after the commit, or takes the mark
    // back (link.ts send).
    await tx.execute(sql`
      with v as (select * from ${rows}),
      versions as (
        insert into ${deviceConfigsTable} (device_id, version, config, command_id, created_by_staff_id, created_at)
        select v.device_id, v.version, ${configsOf}, v.command_id, ${staffId}::uuid,
          ${issuedAt}::timestamptz
        from v
      ),
      commands as (
        insert into ${deviceCommandsTable} (id, device_id, type, payload, sent_at, attempts)
        select v.command_id, v.device_id, 'config.apply',
          jsonb_build_object('v', 1, 'id', v.command_id, 'issuedAt', ${issuedAt}::text, 'type', 'config.apply',
            'version', v.version, 'config', ${configsOf}),
          case when v.sent then ${issuedAt}::timestamptz end, case when v.sent then 1 else 0 end
        from v
      )
      insert into ${auditLogTable} (municipality_id, actor_kind, actor_id, action, target_kind, target_id, ip, details)
      select ${input.municipalityId}::uuid, ${input.actor ? 'staff' : 'system'}, ${staffId}::uuid,
        'device.config_pushed', 'device', v.device_id::text, ${input.actor?.ip ?? null}::text,
        jsonb_build_object('version', v.version, 'commandId', v.command_id, 'bulk', true)
      from v`);
    return written.map((w) => ({
      deviceId: w.deviceId,
      command: w.command,
      markedSent: w.markedSent,
      inUse: w.inUse,
    }));
  });
}

/**
 * Used by: POST /api/devices/config (bulk). Writes the outbox in batches of BULK_BATCH, each committed before
 * its commands are handed to `send` (the device link publishes to kiosks that are online and ready, the rest get
 * theirs at their next connection). Publishing of one batch overlaps the writing of the next.
 */
export async function pushConfigToAll(
  db: Db,
  input: {
    municipalityId: string;
    scope: BulkScope;
    changes: ConfigChanges;
    actor: DeviceActor | null;
    now: Date;
    /** The device link's: publishes a written command to a ready kiosk (see writeBatch for `markedSent`). */
    send: (deviceId: string, command: DeviceCommand, options: { markedSent: boolean }) => Promise<void>;
    isReady: (deviceId: string) => boolean;
    /** Told when a batch is run again after a deadlock or serialization failure (transaction-retry.ts). */
    onRetry?: (error: unknown, attempt: number) => void;
  },
): Promise<BulkPushResult> {
  const targets = await targetsOf(db, input.municipalityId, input.scope, input.now);
  let devices = 0;
  let inUse = 0;
  let batches = 0;
  const sending: Promise<unknown>[] = [];
  // WRITES_IN_FLIGHT batches written at a time (disjoint, id-ordered device ranges: their row locks never meet): while the
  // event loop publishes one batch's commands and reads their acks, the next batch's statements are already at
  // PostgreSQL instead of queued behind that work (2026-12-04: one batch at a time left the cloud and PostgreSQL
  // both idle for much of the API call). Each batch is still published only after its OWN commit.
  const writing: Promise<void>[] = [];
  let failure: { error: unknown } | null = null;
  for (let i = 0; i < targets.length && failure === null; i += BULK_BATCH) {
    if (writing.length >= WRITES_IN_FLIGHT) await writing.shift();
    if (failure !== null) break;
    const ids = targets.slice(i, i + BULK_BATCH).map((t) => t.id);
    writing.push(
      // A batch a deadlock or serialization failure rolled back is run again whole (transaction-retry.ts).
      retryOnConflict(() => writeBatch(db, { ...input, ids }), { onRetry: input.onRetry }).then(
        (written) => {
          devices += written.length;
          inUse += written.filter((w) => w.inUse).length;
          batches += 1;
          sending.push(
            Promise.allSettled(
              written.map((w) => input.send(w.deviceId, w.command, { markedSent: w.markedSent })),
            ),
          );
        },
        // Batches already committed stay written and are published; no new batch starts.
        (error: unknown) => {
          failure ??= { error };
        },
      ),
    );
  }
  await Promise.all(writing);
  if (failure !== null) throw (failure as { error: unknown }).error;
  await Promise.all(sending);
  return { devices, inUse, notInUse: devices - inUse, batches };
}

/**
 * Used by: GET /api/devices/config/preview. How many kiosks pushConfigToAll would give a new version now, in use
 * and not: the same scope, the same query, nothing written. The push counts again under its locks.
 */
export async function previewConfigPush(
  db: Db,
  input: { municipalityId: string; scope: BulkScope; now: Date },
): Promise<BulkReach> {
  const targets = await targetsOf(db, input.municipalityId, input.scope, input.now);
  const inUse = targets.filter(inUseNow).length;
  return { devices: targets.length, inUse, notInUse: targets.length - inUse };
}
