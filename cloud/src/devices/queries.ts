import type { DeviceConfig } from '@screenvisit/protocol';
import { and, asc, count, desc, eq, inArray, isNull, max, sql } from 'drizzle-orm';
import {
  type CollectWipe,
  citizenRef,
  citizensTable,
  collectWipes,
  type Db,
  type Device,
  deviceCommandsTable,
  deviceConfigsTable,
  deviceHealthTable,
  devicesTable,
} from '../db/index.js';
import { targetConfig } from './config-push.js';
import { holdsSomethingToWipe } from './lifecycle.js';
import { deviceOf } from './scoped-device.js';
import { pendingWipe } from './wipe.js';

/**
 * Read models for support and vendor support. `personal: false` (vendor support) leaves out who the device is
 * lent to and the contacts' names: diagnostics only.
 */
export interface DeviceSummary {
  id: string;
  label: string;
  lifecycle: Device['lifecycle'];
  hardwareId: string | null;
  lent: boolean;
  citizenId?: string | null;
  /** Support only: the name of the citizen it is lent to. */
  citizenName?: string | null;
  /** Support only: the short ref that tells that citizen from a namesake (db/repos/citizen-labels.ts). */
  citizenRef?: string | null;
  /** Since when it waits to be fetched from a closed citizen's home (devices/closed-citizen-loan.ts). */
  collectSince: string | null;
  /**
   * While it waits to be fetched: whether closing her wiped it (`done`), asked it to wipe itself at its next
   * connection (`pending`), or had nothing to wipe because it never enrolled (`none`); null when not to collect.
   */
  collectWipe: CollectWipe | null;
  heldAs: Device['heldAs'];
  online: boolean;
  lastSeenAt: string | null;
  state: string | null;
  software: string | null;
  engine: string | null;
  configVersion: number;
  targetConfigVersion: number;
  pendingCommands: number;
  wipePending: boolean;
  /**
   * It enrolled and has not been wiped since: it holds a live credential, so a wipe has something to erase
   * (wipe.ts refuses one without). A box never enrolled, or wiped already, has nothing on it.
   */
  holdsCredential: boolean;
  /**
   * When the kiosk was last taken back from a citizen, while it has not been wiped since (else null): it still
   * holds that citizen's contacts and config, so the cloud lends it to nobody else before a wipe (lifecycle.ts
   * mustWipeBeforeLending), and the console and the CLI call it "taken back, to be wiped", not "in stock".
   */
  returnedUnwipedAt: string | null;
  /**
   * Until when the enrolment code made for this kiosk works, while one is made and not used yet (else null; the
   * time may have passed). Never the code: only its hash is stored. A lend keeps such a code instead of making a
   * new one, which would replace it (support may have read it out on the phone already: the web's lendWithCode).
   */
  enrolmentCodeUntil: string | null;
  health: { uptimeS: number; rttMs: number | null; temperatureC: number | null; reportedAt: string } | null;
}

export interface DeviceDetail extends DeviceSummary {
  targetConfig: DeviceConfig | null;
  commands: { id: string; type: string; attempts: number; sentAt: string | null; createdAt: string }[];
  /** The last commands with their outcome, newest first: what support's action buttons report back. */
  recentCommands: CommandOutcome[];
  wipe: { id: string; requestedAt: string; afterWipe: string } | null;
  /**
   * Support only: whom a kiosk taken back and not wiped came back from, the one citizen it may be lent to again
   * before a wipe (support's "Lån den tilbage til …"); null when not returned, or she is unknown or erased.
   */
  returnedFrom?: { id: string; name: string; ref: string } | null;
}

export interface CommandOutcome {
  id: string;
  type: string;
  /** pending: in the outbox, not yet delivered; sent: delivered, no answer yet; then the kiosk's answer. */
  status: 'pending' | 'sent' | 'applied' | 'rejected' | 'failed';
  reason: string | null;
  createdAt: string;
  ackedAt: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Used by: GET /api/devices/{id} (recentCommands) and the diagnostics bundle. */
export async function recentCommands(db: Db, deviceId: string, limit: number): Promise<CommandOutcome[]> {
  const rows = await db
    .select()
    .from(deviceCommandsTable)
    .where(eq(deviceCommandsTable.deviceId, deviceId))
    .orderBy(desc(deviceCommandsTable.seq))
    .limit(limit);
  return rows.map((c) => ({
    id: c.id,
    type: c.type,
    status: c.ackStatus ?? (c.sentAt ? 'sent' : 'pending'),
    reason: c.ackReason,
    createdAt: c.createdAt.toISOString(),
    ackedAt: iso(c.ackedAt),
  }));
}

/**
 * What `summaries` reads beside the devices, each keyed by device (or citizen) id: health and the newest target
 * are one row per device, pending commands are grouped by device, names one per citizen.
 */
export interface SummaryRows {
  readonly health: readonly (typeof deviceHealthTable.$inferSelect)[];
  readonly targets: readonly { deviceId: string; version: number | null }[];
  readonly pending: readonly { deviceId: string; n: number; wipes: number }[];
  readonly names: readonly { id: string; name: string }[];
  readonly wipes: ReadonlyMap<string, CollectWipe>;
}

/** The rows by their key; one row per key (each query above groups or keys by it). */
function byKey<R>(rows: readonly R[], key: (row: R) => string): Map<string, R> {
  return new Map(rows.map((r) => [key(r), r]));
}

/**
 * Each device with its own rows, in the devices' order. Indexed once (Maps), not searched per device: a `find`
 * per device over every row was O(n²) in the kiosk list, 40 × 40 for one support worker but 2,000 × 2,000 for a
 * municipality (GET /api/devices every 5 s). Pure, so a wrong pairing shows in a unit test (queries.test.ts).
 */
export function assembleSummaries(
  devices: readonly Device[],
  rows: SummaryRows,
  personal: boolean,
): DeviceSummary[] {
  const health = byKey(rows.health, (r) => r.deviceId);
  const targets = byKey(rows.targets, (r) => r.deviceId);
  const pending = byKey(rows.pending, (r) => r.deviceId);
  const names = byKey(rows.names, (r) => r.id);
  return devices.map((d) => {
    const h = health.get(d.id);
    const p = pending.get(d.id);
    return {
      id: d.id,
      label: d.label,
      lifecycle: d.lifecycle,
      hardwareId: d.hardwareId,
      lent: d.citizenId !== null,
      ...(personal
        ? {
            citizenId: d.citizenId,
            citizenName: d.citizenId ? (names.get(d.citizenId)?.name ?? null) : null,
            citizenRef: d.citizenId ? citizenRef(d.citizenId) : null,
          }
        : {}),
      collectSince: iso(d.collectSince),
      collectWipe: rows.wipes.get(d.id) ?? null,
      heldAs: d.heldAs,
      online: d.online,
      lastSeenAt: iso(d.lastSeenAt),
      state: d.state,
      software: d.software,
      engine: d.engine,
      configVersion: d.configVersion,
      targetConfigVersion: targets.get(d.id)?.version ?? 0,
      pendingCommands: p?.n ?? 0,
      wipePending: d.lifecycle === 'wiping' || (p?.wipes ?? 0) > 0,
      holdsCredential: holdsSomethingToWipe(d),
      returnedUnwipedAt: iso(returnedUnwiped(d)),
      // A used code is cleared with its expiry (db/repos/devices.ts redeemEnrolmentCode): no hash, no code.
      enrolmentCodeUntil: d.enrolmentCodeHash ? iso(d.enrolmentExpiresAt) : null,
      health: h
        ? {
            uptimeS: h.uptimeS,
            rttMs: h.rttMs,
            temperatureC: h.temperatureC,
            reportedAt: h.reportedAt.toISOString(),
          }
        : null,
    };
  });
}

async function summaries(db: Db, devices: Device[], personal: boolean): Promise<DeviceSummary[]> {
  const ids = devices.map((d) => d.id);
  if (ids.length === 0) return [];
  const lentTo = devices.flatMap((d) => (personal && d.citizenId ? [d.citizenId] : []));
  const [health, targets, pending, names, wipes] = await Promise.all([
    db.select().from(deviceHealthTable).where(inArray(deviceHealthTable.deviceId, ids)),
    db
      .select({ deviceId: deviceConfigsTable.deviceId, version: max(deviceConfigsTable.version) })
      .from(deviceConfigsTable)
      .where(inArray(deviceConfigsTable.deviceId, ids))
      .groupBy(deviceConfigsTable.deviceId),
    db
      .select({
        deviceId: deviceCommandsTable.deviceId,
        n: count(),
        wipes: sql<number>`count(*) filter (where ${deviceCommandsTable.type} = 'wipe')`.mapWith(Number),
      })
      .from(deviceCommandsTable)
      .where(and(inArray(deviceCommandsTable.deviceId, ids), isNull(deviceCommandsTable.ackedAt)))
      .groupBy(deviceCommandsTable.deviceId),
    lentTo.length === 0
      ? Promise.resolve([])
      : db
          .select({ id: citizensTable.id, name: citizensTable.displayName })
          .from(citizensTable)
          .where(inArray(citizensTable.id, lentTo)),
    collectWipes(db, devices),
  ]);
  return assembleSummaries(devices, { health, targets, pending, names, wipes }, personal);
}

/** Used by: GET /api/devices. */
export async function listDevices(
  db: Db,
  municipalityId: string,
  personal: boolean,
): Promise<DeviceSummary[]> {
  const devices = await db
    .select()
    .from(devicesTable)
    .where(eq(devicesTable.municipalityId, municipalityId))
    .orderBy(asc(devicesTable.label));
  return summaries(db, devices, personal);
}

/**
 * When `device` was taken back holding a citizen's data and not wiped since (devices.returnedAt, set by a return
 * and cleared by a wipe request or a lend back to her: lifecycle.ts). Only an enrolled kiosk lent to nobody can
 * be so; the guard keeps a row in another state from saying it.
 */
function returnedUnwiped(device: Device): Date | null {
  return device.citizenId === null && device.lifecycle === 'enrolled' ? device.returnedAt : null;
}

/** The citizen a returned kiosk came back from, by name and ref (support only). */
async function returnedFrom(db: Db, device: Device): Promise<DeviceDetail['returnedFrom']> {
  if (!returnedUnwiped(device) || !device.returnedFromCitizenId) return null;
  const [c] = await db
    .select({ id: citizensTable.id, name: citizensTable.displayName, disabledAt: citizensTable.disabledAt })
    .from(citizensTable)
    .where(eq(citizensTable.id, device.returnedFromCitizenId));
  // A closed citizen cannot borrow (lendDevice refuses her): nothing to offer.
  return c && !c.disabledAt ? { id: c.id, name: c.name, ref: citizenRef(c.id) } : null;
}

/** Used by: GET /api/devices/{id}. */
export async function showDevice(
  db: Db,
  municipalityId: string,
  deviceId: string,
  personal: boolean,
): Promise<DeviceDetail> {
  const device = await deviceOf(db, municipalityId, deviceId);
  const [summary] = await summaries(db, [device], personal);
  const target = await targetConfig(db, device.id);
  const commands = await db
    .select()
    .from(deviceCommandsTable)
    .where(and(eq(deviceCommandsTable.deviceId, device.id), isNull(deviceCommandsTable.ackedAt)))
    .orderBy(asc(deviceCommandsTable.seq));
  const wipe = await pendingWipe(db, device.id);
  const config = target?.config ?? null;
  return {
    ...summary!,
    targetConfig: config && !personal ? { ...config, contacts: [] } : config,
    commands: commands.map((c) => ({
      id: c.id,
      type: c.type,
      attempts: c.attempts,
      sentAt: iso(c.sentAt),
      createdAt: c.createdAt.toISOString(),
    })),
    recentCommands: await recentCommands(db, device.id, 10),
    wipe: wipe
      ? { id: wipe.id, requestedAt: wipe.requestedAt.toISOString(), afterWipe: wipe.thenLifecycle }
      : null,
    ...(personal ? { returnedFrom: await returnedFrom(db, device) } : {}),
  };
}
