import { Id } from '@screenvisit/protocol';
import { and, eq, gt, inArray, isNull, notInArray, or, type Placeholder, type SQL, sql } from 'drizzle-orm';
import { AppError } from '../../kernel/errors.js';
import type { Db } from '../database.js';
import { preparedPerDb } from '../prepared.js';
import { devicesTable } from '../schema/index.js';
import { arrayLiteral } from '../unnest.js';
import { hashMatches, newDeviceSecret, newEnrolmentCode, sha256Hex } from './secrets.js';

export type Device = typeof devicesTable.$inferSelect;

export async function registerDevice(
  db: Db,
  input: { municipalityId: string; label: string },
): Promise<Device> {
  const [device] = await db
    .insert(devicesTable)
    .values({ municipalityId: input.municipalityId, label: input.label })
    .onConflictDoNothing()
    .returning();
  if (!device) throw AppError.conflict(`A device labelled ${input.label} already exists.`);
  return device;
}

export async function getDevice(db: Db, deviceId: string): Promise<Device | undefined> {
  if (!Id.safeParse(deviceId).success) return undefined;
  const [device] = await db.select().from(devicesTable).where(eq(devicesTable.id, deviceId));
  return device;
}

/**
 * A fresh one-time code replaces any earlier one. Allowed while the device is registered, enrolled or lent
 * (re-enrolling a box with a new SD card replaces its credential); never while wiping or retired.
 * Only the code's SHA-256 is stored: the plain code is returned once, to be shown to support.
 */
export async function issueEnrolmentCode(
  db: Db,
  deviceId: string,
  options: { ttlMs: number; now: Date },
): Promise<string> {
  const code = newEnrolmentCode();
  const expiresAt = new Date(options.now.getTime() + options.ttlMs);
  const [updated] = await db
    .update(devicesTable)
    .set({ enrolmentCodeHash: sha256Hex(code), enrolmentExpiresAt: expiresAt })
    .where(
      and(eq(devicesTable.id, deviceId), inArray(devicesTable.lifecycle, ['registered', 'enrolled', 'lent'])),
    )
    .returning({ id: devicesTable.id });
  if (!updated) {
    if (await getDevice(db, deviceId)) {
      throw AppError.conflict('This device is being wiped or is retired; it cannot be enrolled.');
    }
    throw AppError.notFound('Device');
  }
  return code;
}

export interface RedeemedEnrolment {
  deviceId: string;
  municipalityId: string;
  /** The MQTT password, returned this once; only its hash is stored. */
  mqttPassword: string;
}

/**
 * Trades a code for the device's MQTT credential; null when the code is unknown, used or expired (one answer
 * for all three, so a guesser learns nothing). One UPDATE both checks and consumes the code, so two kiosks
 * racing with the same code cannot both win (single use under concurrency, not just in sequence).
 */
export async function redeemEnrolmentCode(
  db: Db,
  input: { code: string; hardwareId: string; now: Date },
): Promise<RedeemedEnrolment | null> {
  const codeHash = sha256Hex(input.code.trim().toUpperCase());
  const mqttPassword = newDeviceSecret();
  const [redeemed] = await db
    .update(devicesTable)
    .set({
      enrolmentCodeHash: null,
      enrolmentExpiresAt: null,
      hardwareId: input.hardwareId,
      credentialHash: sha256Hex(mqttPassword),
      credentialRevokedAt: null,
      lifecycle: sql`case when ${devicesTable.citizenId} is null then 'enrolled' else 'lent' end::device_lifecycle`,
    })
    .where(and(eq(devicesTable.enrolmentCodeHash, codeHash), gt(devicesTable.enrolmentExpiresAt, input.now)))
    .returning({ id: devicesTable.id, municipalityId: devicesTable.municipalityId });
  return redeemed ? { deviceId: redeemed.id, municipalityId: redeemed.municipalityId, mqttPassword } : null;
}

export type CredentialCheck = 'ok' | 'unknown' | 'revoked' | 'invalid';

/** The broker's authenticate hook: MQTT username = device id, password = the secret from enrolment. */
export async function verifyDeviceCredential(
  db: Db,
  deviceId: string,
  secret: string,
): Promise<CredentialCheck> {
  const [check] = await verifyDeviceCredentials(db, [{ deviceId, secret }]);
  return check ?? 'unknown';
}

/**
 * `verifyDeviceCredential` for many CONNECTs at once (issue 14: a fleet reconnecting after a restart): one
 * primary-key read of the three columns the check needs for the whole batch. Results in the order of `checks`.
 * The ids are ONE array parameter (db/unnest.ts): the statement's text is the same for every batch size, so
 * postgres.js prepares it once per connection instead of once per distinct size, and drizzle builds it once per
 * Db (db/prepared.ts), not once per batch (the connect storm's profile, 2026-12-04).
 */
export async function verifyDeviceCredentials(
  db: Db,
  checks: readonly { deviceId: string; secret: string }[],
): Promise<CredentialCheck[]> {
  const ids = [...new Set(checks.map((c) => c.deviceId).filter((id) => Id.safeParse(id).success))];
  const rows = ids.length === 0 ? [] : await credentialsOf(db).execute({ ids: arrayLiteral(ids) });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return checks.map(({ deviceId, secret }): CredentialCheck => {
    const device = byId.get(deviceId);
    if (!device?.credentialHash) return 'unknown';
    if (!hashMatches(secret, device.credentialHash)) return 'invalid';
    if (device.credentialRevokedAt || device.lifecycle === 'retired') return 'revoked';
    return 'ok';
  });
}

const credentialsOf = preparedPerDb((db) =>
  db
    .select({
      id: devicesTable.id,
      credentialHash: devicesTable.credentialHash,
      credentialRevokedAt: devicesTable.credentialRevokedAt,
      lifecycle: devicesTable.lifecycle,
    })
    .from(devicesTable)
    .where(sql`${devicesTable.id} = any(${sql.placeholder('ids')}::uuid[])`)
    .prepare('device_credentials'),
);

/** Returns false when the device is unknown or has no live credential. */
export async function revokeDeviceCredential(
  db: Db,
  deviceId: string,
  options: { now: Date },
): Promise<boolean> {
  if (!Id.safeParse(deviceId).success) return false;
  const revoked = await db
    .update(devicesTable)
    .set({ credentialRevokedAt: options.now })
    .where(and(eq(devicesTable.id, deviceId), isNull(devicesTable.credentialRevokedAt)))
    .returning({ id: devicesTable.id });
  return revoked.length > 0;
}

export interface DeviceStateUpdate {
  online: boolean;
  state?: string;
  engine?: string;
  software?: string;
  configVersion?: number;
  /**
   * The config schema an `online` state reported (null: none, a kiosk from before schema 2); undefined leaves the
   * stored one (the last will, an `offline` state).
   */
  configSchema?: number | null;
  at: Date;
}

/** What one state report did: whether it was applied, and the config schema stored before it. */
export interface RecordedState {
  readonly applied: boolean;
  /** The devices row's config_schema before this report (null: none reported); null too when not applied. */
  readonly previousConfigSchema: number | null;
}

/**
 * Records what the device reported, as seen by cloud node `node`. Messages can arrive out of order (a retained
 * last will replayed after a reconnect), so an update older than what is stored is ignored; returns whether it
 * was applied. Presence is conditional on its holder (issue 14 §4, PRESENCE below).
 */
export async function recordDeviceState(
  db: Db,
  deviceId: string,
  update: DeviceStateUpdate,
  node: string,
): Promise<boolean> {
  const [recorded] = await recordDeviceStates(db, [{ ...update, deviceId }], node);
  return recorded?.applied === true;
}

/**
 * PRESENCE with two or more nodes (issue 14 §4). A node that fenced itself (or was frozen longer than the
 * liveness TTL) cuts its kiosks late and writes "offline" late, stamped with ITS clock: after the kiosk is online
 * on the survivor. So, in every presence write:
 *  - "online" claims the row for the writing node (`presence_node`) and is a sighting (`last_seen_at`), applied
 *    when not older than the stored sighting;
 *  - "offline" applies only while the row names the writing node (or none): a node never clears a newer
 *    holder's "online", whatever the order the writes land in. It is no sighting, so it leaves `last_seen_at`
 *    alone: a late "offline" stamped after the new holder's connect cannot make that connect look stale. It is
 *    also what support reads as "last seen" (docs/guides/da/support.md §7) and the offline alert counts from: the
 *    last time the kiosk itself spoke, not when its keepalive ran out up to 1.5 × keepalive later [MQTT-3.1.2-24].
 * Heartbeat expiry (devices/telemetry.ts) still clears a row whose holder died without a word.
 */
/** The SET half of PRESENCE (for drizzle's update().set()). */
export const presenceSet = (online: SQL, at: SQL, node: string | Placeholder) => ({
  online,
  lastSeenAt: sql`case when ${online} then ${at} else ${devicesTable.lastSeenAt} end`,
  presenceNode: sql`case when ${online} then ${node}::text else ${devicesTable.presenceNode} end`,
});

/** The WHERE half of PRESENCE: whether an update (online, at) from `node` applies to the devices row. */
export const presenceApplies = (online: SQL, at: SQL, node: string | Placeholder) =>
  and(
    or(isNull(devicesTable.lastSeenAt), sql`${devicesTable.lastSeenAt} <= ${at}`),
    or(sql`${online}`, isNull(devicesTable.presenceNode), sql`${devicesTable.presenceNode} = ${node}::text`),
  );

/**
 * `recordDeviceState` for a batch of devices (each at most once: the device link writes one device's messages
 * in sequence): one UPDATE ... FROM unnest(...); a field left out keeps its stored value, and an update older
 * than the stored last-seen is ignored, as there. Returns whether each was applied, in order, with the config
 * schema stored before it (read from the row the statement locks: no second read), so the device link sees a
 * kiosk's software change what it understands (devices/link.ts).
 */
export async function recordDeviceStates(
  db: Db,
  updates: readonly (DeviceStateUpdate & { deviceId: string })[],
  node: string,
): Promise<RecordedState[]> {
  const notApplied: RecordedState = { applied: false, previousConfigSchema: null };
  const valid = updates.filter((u) => Id.safeParse(u.deviceId).success);
  if (valid.length === 0) return updates.map(() => notApplied);
  // One array parameter per column (db/unnest.ts), not seven per device: the same statement for every batch,
  // built once per Db (db/prepared.ts).
  const applied = await stateUpdate(db).execute({
    id: arrayLiteral(valid.map((u) => u.deviceId)),
    online: arrayLiteral(valid.map((u) => u.online)),
    at: arrayLiteral(valid.map((u) => u.at.toISOString())),
    state: arrayLiteral(valid.map((u) => u.state ?? null)),
    engine: arrayLiteral(valid.map((u) => u.engine ?? null)),
    software: arrayLiteral(valid.map((u) => u.software ?? null)),
    configVersion: arrayLiteral(valid.map((u) => u.configVersion ?? null)),
    reportsSchema: arrayLiteral(valid.map((u) => u.configSchema !== undefined)),
    configSchema: arrayLiteral(valid.map((u) => u.configSchema ?? null)),
    node,
  });
  const done = new Map(applied.map((a) => [a.id, a.previousConfigSchema]));
  return updates.map((u) =>
    done.has(u.deviceId) ? { applied: true, previousConfigSchema: done.get(u.deviceId) ?? null } : notApplied,
  );
}

const stateUpdate = preparedPerDb((db) => {
  const node = sql.placeholder('node');
  const column = (name: string, type: string) => sql`${sql.placeholder(name)}::${sql.raw(type)}[]`;
  const values = sql`unnest(${sql.join(
    [
      column('id', 'uuid'),
      column('online', 'boolean'),
      column('at', 'timestamptz'),
      column('state', 'text'),
      column('engine', 'text'),
      column('software', 'text'),
      column('configVersion', 'integer'),
      column('reportsSchema', 'boolean'),
      column('configSchema', 'integer'),
    ],
    sql`, `,
  )}) as v(id, online, at, state, engine, software, config_version, reports_schema, config_schema)`;
  return (
    db
      .update(devicesTable)
      .set({
        ...presenceSet(sql`v.online`, sql`v.at`, node),
        state: sql`coalesce(v.state, ${devicesTable.state})`,
        engine: sql`coalesce(v.engine, ${devicesTable.engine})`,
        software: sql`coalesce(v.software, ${devicesTable.software})`,
        configVersion: sql`coalesce(v.config_version, ${devicesTable.configVersion})`,
        // Null is a report too (a kiosk of schema 1 after one that reported); only a report leaves it alone.
        configSchema: sql`case when v.reports_schema then v.config_schema else ${devicesTable.configSchema} end`,
      })
      // Rows locked in id order, as every bulk write of the devices table does (devices/telemetry.ts). The lock's
      // row gives the config schema as it was before this statement.
      .from(
        sql`(select v.*, l.config_schema as previous_config_schema from ${values} join ${devicesTable} as l on l.id = v.id order by l.id for no key update of l) as v`,
      )
      .where(and(sql`${devicesTable.id} = v.id`, presenceApplies(sql`v.online`, sql`v.at`, node)))
      .returning({
        id: devicesTable.id,
        previousConfigSchema: sql<number | null>`v.previous_config_schema`,
      })
      .prepare('record_device_states')
  );
});

/**
 * On start-up no device is connected to this node yet, whatever the table says (a crash or `kill -9` leaves
 * the online flags of the last run behind): every device is offline until it really reconnects. With two or
 * more nodes (issue 14) `heldElsewhere` names the kiosks whose session another LIVE node holds
 * (cluster/directory.ts): those stay as they are, so a restarting node does not show its peer's kiosks offline.
 * Kiosks of a dead node are cleared here or, at the latest, by heartbeat expiry (devices/telemetry.ts).
 */
export async function markAllDevicesOffline(
  db: Db,
  heldElsewhere: ReadonlySet<string> = new Set(),
): Promise<number> {
  const keep = [...heldElsewhere].filter((id) => Id.safeParse(id).success);
  const stale =
    keep.length === 0
      ? eq(devicesTable.online, true)
      : and(eq(devicesTable.online, true), notInArray(devicesTable.id, keep));
  // Rows locked in id order, like every bulk write of devices (devices/telemetry.ts INVARIANTS): a node starting
  // next to a live one runs this while the live node's presence and telemetry writes lock rows in that order.
  // The sub-select re-checks `stale` on a row it had to wait for, so the outer WHERE need not repeat it (nor
  // its one parameter per kept id).
  const cleared = await db
    .update(devicesTable)
    .set({ online: false })
    .from(
      sql`(select ${devicesTable.id} from ${devicesTable} where ${stale} order by ${devicesTable.id} for no key update) as l`,
    )
    .where(sql`${devicesTable.id} = l.id`)
    .returning({ id: devicesTable.id });
  return cleared.length;
}
