import { and, desc, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import {
  auditLogTable,
  callQualityReportsTable,
  callRecordsTable,
  citizenLastInUse,
  citizenRef,
  citizensTable,
  type Db,
  deviceConfigsTable,
  deviceHealthTable,
  devicesTable,
  deviceWipesTable,
  inactivityClosesAt,
  lentKiosk,
  municipalitiesTable,
  parseMunicipalitySettings,
  staffTable,
  unitsTable,
} from '../db/index.js';
import { POOL_REACHABLE_AGAIN, POOL_UNREACHABLE } from '../kernel/ports.js';
import { kioskNotEnrolled, NOT_ENROLLED_GRACE_MS } from './kiosk-not-enrolled.js';
import { kioskToCollect } from './kiosk-to-collect.js';
import { inQuietHours } from './quiet-hours.js';

/**
 * Support's alerts (issue 12 §3), computed on demand from what the database already knows; nothing is stored,
 * so an alert disappears as soon as its cause does. Kiosks are named by their inventory label, never by whom they
 * serve. Thresholds are the municipality's settings (`alerts`,
 * `inactivityWarnDays`). Each rule is one function; `ALERT_RULES` is the table the route runs.
 */
export type AlertKind =
  | 'device_offline'
  | 'wipe_pending'
  | 'poor_connection'
  | 'inactive_account'
  | 'pool_unreachable'
  | 'kiosk_to_collect'
  | 'kiosk_not_enrolled';

export interface Alert {
  kind: AlertKind;
  severity: 'warning' | 'critical';
  subject: {
    kind: 'device' | 'staff' | 'citizen' | 'unit';
    id: string;
    name: string;
    /**
     * A citizen only: the short ref that tells her from a namesake (db/repos/citizen-labels.ts), as the citizen
     * card and the kiosk list show it. Two inactive "Aase Pedersen" read the same without it.
     */
    ref?: string;
  };
  /**
   * kiosk_not_enrolled only: the citizen the kiosk is lent to, for support's console ("… er lånt ud til Aase
   * Pedersen"). The subject stays the kiosk, named by its label; routes.ts drops this for an alert token.
   */
  borrower?: { id: string; name: string; ref: string };
  /** When the condition started, if known. */
  since: string | null;
  /**
   * Numbers for the sentence (hours, ms, percent, days); the console words them in Danish or English. An
   * inactive account's `neverLoggedIn` is 1 when it has never logged in: its `days` then count from its creation.
   */
  figures: Record<string, number>;
  /** inactive_account only: when the inactivity job closes the account by itself (at its first run after this). */
  closesAt?: string;
  /** A plain English line for an on-call system's pager. */
  summary: string;
}

interface Context {
  db: Db;
  municipalityId: string;
  now: Date;
  timeZone: string;
  settings: ReturnType<typeof parseMunicipalitySettings>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How far back call-quality reports count towards "poor connection". */
const QUALITY_WINDOW_MS = 7 * DAY;
const hoursSince = (then: Date, now: Date) => Math.floor((now.getTime() - then.getTime()) / HOUR);

/**
 * A lent kiosk offline longer than `offlineHours`, outside its quiet hours (when calls are expected). One never
 * online since it enrolled was alerted at once, as "offline for 4 h" (the limit, not a measurement), while it
 * was lent in the morning and set up that afternoon: it gets the grace of a kiosk lent but not enrolled
 * (NOT_ENROLLED_GRACE_MS, from its lend), then this same alert with the hours since its lend. One alert, never two.
 */
async function deviceOffline(c: Context): Promise<Alert[]> {
  const limit = new Date(c.now.getTime() - c.settings.alerts.offlineHours * HOUR);
  const lentSince = sql<Date>`coalesce(${citizensTable.kioskLoanChangedAt}, ${devicesTable.createdAt})`;
  const graceEnd = new Date(c.now.getTime() - NOT_ENROLLED_GRACE_MS).toISOString();
  const rows = await c.db
    .select({
      id: devicesTable.id,
      label: devicesTable.label,
      lastSeenAt: devicesTable.lastSeenAt,
      loanChangedAt: citizensTable.kioskLoanChangedAt,
      createdAt: devicesTable.createdAt,
    })
    .from(devicesTable)
    .innerJoin(citizensTable, eq(citizensTable.id, devicesTable.citizenId))
    .where(
      and(
        eq(devicesTable.municipalityId, c.municipalityId),
        lentKiosk,
        eq(devicesTable.online, false),
        or(
          lt(devicesTable.lastSeenAt, limit),
          and(isNull(devicesTable.lastSeenAt), sql`${lentSince} < ${graceEnd}`),
        ),
      ),
    );
  if (rows.length === 0) return [];
  const configs = await c.db
    .select({ deviceId: deviceConfigsTable.deviceId, config: deviceConfigsTable.config })
    .from(deviceConfigsTable)
    .where(
      inArray(
        deviceConfigsTable.deviceId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(desc(deviceConfigsTable.version));
  // Each kiosk's newest config (rows come newest version first), looked up by id: a `find` per kiosk was
  // kiosks × config versions steps, 10^8 at 10,000 kiosks on every read of Advarsler.
  const newest = new Map<string, (typeof configs)[number]['config']>();
  for (const x of configs) if (!newest.has(x.deviceId)) newest.set(x.deviceId, x.config);
  return rows
    .filter((r) => !inQuietHours(newest.get(r.id)?.quietHours, c.now, c.timeZone))
    .map((r) => {
      // Never online: the hours since its lend, which is how long the citizen has had a kiosk that cannot ring.
      const hours = hoursSince(r.lastSeenAt ?? r.loanChangedAt ?? r.createdAt, c.now);
      return {
        kind: 'device_offline',
        severity: 'warning',
        subject: { kind: 'device', id: r.id, name: r.label },
        since: r.lastSeenAt?.toISOString() ?? null,
        figures: { hours },
        summary: `Kiosk ${r.label} has been offline for ${hours} h during the hours its citizen expects calls.`,
      };
    });
}

/** A wipe nobody could confirm for longer than `wipePendingHours` (the kiosk has not connected since). */
async function wipePending(c: Context): Promise<Alert[]> {
  const limit = new Date(c.now.getTime() - c.settings.alerts.wipePendingHours * HOUR);
  const rows = await c.db
    .select({ id: devicesTable.id, label: devicesTable.label, requestedAt: deviceWipesTable.requestedAt })
    .from(deviceWipesTable)
    .innerJoin(devicesTable, eq(devicesTable.id, deviceWipesTable.deviceId))
    .where(
      and(
        eq(devicesTable.municipalityId, c.municipalityId),
        isNull(deviceWipesTable.settledAt),
        lt(deviceWipesTable.requestedAt, limit),
      ),
    );
  return rows.map((r) => {
    const hours = hoursSince(r.requestedAt, c.now);
    return {
      kind: 'wipe_pending',
      severity: 'critical',
      subject: { kind: 'device', id: r.id, name: r.label },
      since: r.requestedAt.toISOString(),
      figures: { hours },
      summary: `The wipe of kiosk ${r.label} has waited ${hours} h: the box has not connected since.`,
    };
  });
}

/**
 * A kiosk whose connection is poor: its last heartbeat's round trip, or the average round trip or packet loss
 * that browsers reported for its calls in the last 7 days, is over the municipality's threshold.
 */
async function poorConnection(c: Context): Promise<Alert[]> {
  const { poorRttMs, poorLossPercent } = c.settings.alerts;
  const devices = await c.db
    .select({ id: devicesTable.id, label: devicesTable.label, rttMs: deviceHealthTable.rttMs })
    .from(devicesTable)
    .leftJoin(deviceHealthTable, eq(deviceHealthTable.deviceId, devicesTable.id))
    .where(and(eq(devicesTable.municipalityId, c.municipalityId), isNull(devicesTable.heldAs)));
  if (devices.length === 0) return [];
  const ids = devices.map((d) => d.id);
  const reports = await c.db
    .select({
      callerId: callRecordsTable.callerId,
      calleeId: callRecordsTable.calleeId,
      report: callQualityReportsTable.report,
    })
    .from(callQualityReportsTable)
    .innerJoin(callRecordsTable, eq(callRecordsTable.callId, callQualityReportsTable.callId))
    .where(
      and(
        eq(callQualityReportsTable.municipalityId, c.municipalityId),
        gte(callQualityReportsTable.createdAt, new Date(c.now.getTime() - QUALITY_WINDOW_MS)),
        or(inArray(callRecordsTable.callerId, ids), inArray(callRecordsTable.calleeId, ids)),
      ),
    );
  // Each device's reports by its id, one pass over them (a call between two kiosks counts for both): a
  // `filter` per device was devices × reports steps on every read of Advarsler.
  type Report = { rttMs?: number | null; lossPercent?: number };
  const byDevice = new Map<string, Report[]>();
  const add = (id: string, report: Report) => {
    const list = byDevice.get(id);
    if (list) list.push(report);
    else byDevice.set(id, [report]);
  };
  for (const r of reports) {
    add(r.callerId, r.report as Report);
    if (r.calleeId !== r.callerId) add(r.calleeId, r.report as Report);
  }
  const alerts: Alert[] = [];
  for (const d of devices) {
    const mine = byDevice.get(d.id) ?? [];
    const rtts = mine.flatMap((r) => (typeof r.rttMs === 'number' ? [r.rttMs] : []));
    const losses = mine.flatMap((r) => (typeof r.lossPercent === 'number' ? [r.lossPercent] : []));
    const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
    const callRtt = avg(rtts);
    const loss = avg(losses);
    const rtt = Math.max(d.rttMs ?? 0, callRtt ?? 0);
    if (rtt <= poorRttMs && (loss === null || loss <= poorLossPercent)) continue;
    alerts.push({
      kind: 'poor_connection',
      severity: 'warning',
      subject: { kind: 'device', id: d.id, name: d.label },
      since: null,
      figures: { rttMs: Math.round(rtt), lossPercent: Math.round((loss ?? 0) * 10) / 10, calls: mine.length },
      summary: `Kiosk ${d.label} has a poor connection: ${Math.round(rtt)} ms round trip, ${
        Math.round((loss ?? 0) * 10) / 10
      } % packet loss.`,
    });
  }
  return alerts;
}

/**
 * The pager line of an idle account. `name` null: a citizen named by her ref alone, as an alert token reads it
 * (routes.ts): the on-call system is outside the municipality's care records, so it gets no citizen's name
 * (GDPR art. 5(1)(c), data minimisation).
 */
export function inactiveSummary(a: {
  kind: 'staff' | 'citizen';
  name: string | null;
  ref: string | undefined;
  days: number;
  never: boolean;
  closesAt: Date;
  now: Date;
}): string {
  const closes =
    a.closesAt <= a.now
      ? 'The account is closed by itself at the next run of the inactivity job.'
      : `The account is closed by itself on ${a.closesAt.toISOString().slice(0, 10)}.`;
  const citizen = a.name === null ? `Citizen Ref. ${a.ref}` : `Citizen ${a.name} (Ref. ${a.ref})`;
  const idle =
    a.kind === 'staff'
      ? a.never
        ? `${a.name} was created ${a.days} days ago and has never logged in.`
        : `${a.name} has not logged in for ${a.days} days.`
      : a.never
        ? `${citizen} was created ${a.days} days ago and has never used ScreenVisit.`
        : `${citizen} has not used ScreenVisit for ${a.days} days (no login, no kiosk switched on).`;
  return `${idle} ${closes}`;
}

/**
 * An account not used for longer than the municipality's warning limit, with the date the inactivity job closes
 * it by itself (`inactivityDisableDays`): staff by their last login, citizens by when they were last in use
 * (`citizenLastInUse`: a login, their loan kiosk switched on, a kiosk lent or taken back), the same rule the job
 * applies (accounts/inactivity.ts). Citizens are here because the job closes them too: before, support was never
 * told, and a resident's kiosk stopped reaching the night watch without a word. One never used says so: "has not
 * logged in for 76 days" beside a card that says "last logged in: never" read as if it once had.
 */
async function inactiveAccounts(c: Context): Promise<Alert[]> {
  const limit = new Date(c.now.getTime() - c.settings.inactivityWarnDays * DAY);
  const [staff, citizens] = await Promise.all([
    c.db
      .select({
        id: staffTable.id,
        name: staffTable.displayName,
        lastLoginAt: staffTable.lastLoginAt,
        createdAt: staffTable.createdAt,
      })
      .from(staffTable)
      .where(and(eq(staffTable.municipalityId, c.municipalityId), isNull(staffTable.disabledAt))),
    c.db
      .select({
        id: citizensTable.id,
        name: citizensTable.displayName,
        lastLoginAt: citizensTable.lastLoginAt,
        kioskLoanChangedAt: citizensTable.kioskLoanChangedAt,
        createdAt: citizensTable.createdAt,
        inUseAt: citizenLastInUse,
      })
      .from(citizensTable)
      .where(
        and(
          eq(citizensTable.municipalityId, c.municipalityId),
          isNull(citizensTable.disabledAt),
          sql`${citizenLastInUse} < ${limit.toISOString()}`,
        ),
      ),
  ]);
  const alert = (
    kind: 'staff' | 'citizen',
    r: { id: string; name: string },
    since: Date,
    never: boolean,
  ): Alert => {
    const days = Math.floor((c.now.getTime() - since.getTime()) / DAY);
    const closesAt = inactivityClosesAt(since, c.settings);
    const ref = kind === 'citizen' ? citizenRef(r.id) : undefined;
    return {
      kind: 'inactive_account',
      severity: 'warning',
      subject: { kind, id: r.id, name: r.name, ...(ref !== undefined ? { ref } : {}) },
      since: since.toISOString(),
      figures: { days, neverLoggedIn: never ? 1 : 0 },
      closesAt: closesAt.toISOString(),
      summary: inactiveSummary({ kind, name: r.name, ref, days, never, closesAt, now: c.now }),
    };
  };
  return [
    ...staff
      .filter((r) => (r.lastLoginAt ?? r.createdAt) < limit)
      .map((r) => alert('staff', r, r.lastLoginAt ?? r.createdAt, r.lastLoginAt === null)),
    ...citizens.map((r) => {
      const since = new Date(r.inUseAt as unknown as string | Date);
      // Never in use: no login, no kiosk ever lent, and so nothing later than the day the citizen was made.
      const never = !r.lastLoginAt && !r.kioskLoanChangedAt && since.getTime() <= r.createdAt.getTime();
      return alert('citizen', r, since, never);
    }),
  ];
}

/** A night-watch pool whose last reachability event says "on duty, but no console connected". */
async function poolUnreachable(c: Context): Promise<Alert[]> {
  const events = await c.db
    .select({ unitId: auditLogTable.targetId, action: auditLogTable.action, at: auditLogTable.at })
    .from(auditLogTable)
    .where(
      and(
        eq(auditLogTable.municipalityId, c.municipalityId),
        inArray(auditLogTable.action, [POOL_UNREACHABLE, POOL_REACHABLE_AGAIN]),
      ),
    )
    .orderBy(desc(auditLogTable.id))
    .limit(500);
  const latest = new Map<string, { action: string; at: Date }>();
  for (const e of events) if (e.unitId && !latest.has(e.unitId)) latest.set(e.unitId, e);
  const stranded = [...latest].filter(([, e]) => e.action === POOL_UNREACHABLE).map(([id]) => id);
  if (stranded.length === 0) return [];
  const pools = await c.db
    .select({ id: unitsTable.id, name: unitsTable.name })
    .from(unitsTable)
    .where(inArray(unitsTable.id, stranded));
  return pools.map((p) => ({
    kind: 'pool_unreachable',
    severity: 'critical',
    subject: { kind: 'unit', id: p.id, name: p.name },
    since: latest.get(p.id)!.at.toISOString(),
    figures: {},
    summary: `Night-watch pool ${p.name}: staff are on duty but nobody has a console connected.`,
  }));
}

export const ALERT_RULES: Readonly<Record<AlertKind, (c: Context) => Promise<Alert[]>>> = {
  pool_unreachable: poolUnreachable,
  wipe_pending: wipePending,
  device_offline: deviceOffline,
  // Beside the offline kiosks: the same harm (the citizen cannot call), only never started.
  kiosk_not_enrolled: kioskNotEnrolled,
  poor_connection: poorConnection,
  // Before the inactive accounts: a box in a closed citizen's home is one to act on, not a list to read.
  kiosk_to_collect: kioskToCollect,
  inactive_account: inactiveAccounts,
};

/** Used by: GET /api/alerts. Critical first, then in the table's order. */
export async function currentAlerts(db: Db, municipalityId: string, now: Date): Promise<Alert[]> {
  const [m] = await db
    .select({ settings: municipalitiesTable.settings, timeZone: municipalitiesTable.timeZone })
    .from(municipalitiesTable)
    .where(eq(municipalitiesTable.id, municipalityId));
  if (!m) return [];
  const context: Context = {
    db,
    municipalityId,
    now,
    timeZone: m.timeZone,
    settings: parseMunicipalitySettings(m.settings),
  };
  const all = (await Promise.all(Object.values(ALERT_RULES).map((rule) => rule(context)))).flat();
  return all.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'critical' ? -1 : 1));
}
