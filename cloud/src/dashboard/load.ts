import { and, eq, gte, inArray, isNotNull, lt } from 'drizzle-orm';
import {
  isConnectedCall,
  isoWeekOf,
  loadCareSettings,
  loadWeeklyStats,
  localDayBounds,
  mediaEvidence,
  type WeeklyStat,
} from '../care/index.js';
import {
  callRecordsTable,
  citizenEnrolmentsTable,
  type Db,
  dayPlanSlotsTable,
  type KioskLoans,
  kioskLoansOf,
  nightWatchCallsTable,
  unitMembershipsTable,
  unitsTable,
} from '../db/index.js';
import { activeIn, byWeek, involvesScope, type Scope } from './activity.js';
import { isWeekComplete, monthEndingOn } from './calendar.js';
import { commonCancelReasons } from './cancel-reasons.js';
import { type NightWatchWeek, nightWatchWeeks } from './night-watch.js';
import { BUSINESS_CASE_TARGETS } from './targets.js';
import { type UptimeWeek, uptimeWeeks } from './uptime.js';

export interface DashboardUnitWeek extends WeeklyStat {
  activeCitizens: number;
  activeStaff: number;
}

export interface DashboardWeek {
  isoWeek: string;
  /** The whole week lies inside the period (a partial current week is shown, but not as "the latest week"). */
  complete: boolean;
  activeCitizens: number;
  activeStaff: number;
  planned: number;
  completed: number;
  completedOnScreen: number;
  completedByPhone: number;
  completedOnSite: number;
  noAnswer: number;
  cancelled: number;
  /** Visits whose call connected but whose outcome is not saved yet (stats.ts): no minutes saved until it is. */
  connectedNotRecorded: number;
  notConnectedCalls: number;
  noMediaCalls: number;
  /** MEASURED minutes of connected calls (both sides had media, or no report said otherwise; one decimal). */
  callMinutes: number;
  /** ESTIMATED (connected screen-call completions × the minutes-per-type table). */
  minutesSaved: number;
  /** minutesSaved / activeCitizens, what the business case's 10/15/20 lines are about; null without citizens. */
  minutesSavedPerActiveCitizen: number | null;
  /**
   * Calls that reached in_call this week by what the parties' reports say (care/day-plan/connected.ts):
   * `noMedia` calls are not connected (no minutes, no saving, no one active); `notMeasured` ones count on
   * signalling alone.
   */
  media: { connected: number; measured: number; noMedia: number; notMeasured: number };
}

export interface Dashboard {
  from: string;
  to: string;
  targets: typeof BUSINESS_CASE_TARGETS;
  minutesSavedPerCall: Record<string, number>;
  weeks: DashboardWeek[];
  /** The 30 days ending with `to` ("this month"). */
  month: { from: string; to: string; activeCitizens: number; activeStaff: number };
  units: DashboardUnitWeek[];
  cancelReasons: { reason: string; count: number }[];
  nightWatch: NightWatchWeek[];
  /**
   * Kiosks lent to citizens in scope (db lentKiosk: lent and enrolled, as the uptime history samples them), how many
   * are connected now, those lent but not enrolled yet, and the weekly uptime history (uptime.ts).
   */
  devices: KioskLoans & { weeks: UptimeWeek[] };
}

/**
 * Everything the dashboard shows for [from, to] (local dates, both included) over `unitIds` (a unit manager's
 * units, or every unit for support). Used by: GET /api/dashboard, GET /api/dashboard/vtv.csv.
 */
export async function loadDashboard(
  db: Db,
  input: {
    municipalityId: string;
    timeZone: string;
    from: string;
    to: string;
    /** The municipality's local date now: a week that ends today is still running. */
    today: string;
    unitIds: readonly string[] | null;
  },
): Promise<Dashboard> {
  const from = localDayBounds(input.from, input.timeZone).start;
  const to = localDayBounds(input.to, input.timeZone).end;
  const month30 = monthEndingOn(input.to, input.timeZone);
  const monthStart = month30.start;
  const units = await db.select().from(unitsTable).where(eq(unitsTable.municipalityId, input.municipalityId));
  const scoped = new Set(input.unitIds ?? units.map((u) => u.id));
  const names = new Map(units.map((u) => [u.id, u.name]));

  const stats = (await loadWeeklyStats(db, { municipalityId: input.municipalityId, from, to })).filter((s) =>
    scoped.has(s.unitId),
  );
  const scope = await scopeOf(db, scoped);
  const earliest = from < monthStart ? from : monthStart;
  const records = await db
    .select()
    .from(callRecordsTable)
    .where(
      and(
        eq(callRecordsTable.municipalityId, input.municipalityId),
        isNotNull(callRecordsTable.connectedAt),
        gte(callRecordsTable.connectedAt, earliest),
        lt(callRecordsTable.connectedAt, to),
      ),
    );
  // The same rule as the statistics and the outcome form: a no-media call makes no one active.
  const evidence = await mediaEvidence(
    db,
    records.map((r) => r.callId),
  );
  const withMedia = records.filter((r) =>
    isConnectedCall(r.connectedAt, evidence.get(r.callId) ?? 'not_measured'),
  );
  const inPeriod = withMedia.filter((r) => r.connectedAt! >= from);
  const weeks = byWeek(inPeriod, input.timeZone);
  const mediaWeeks = new Map<string, DashboardWeek['media']>();
  // Only the scoped units' calls: the records above are the whole municipality's.
  for (const r of records.filter((x) => x.connectedAt! >= from && involvesScope(x, scope))) {
    const key = isoWeekOf(r.connectedAt!, input.timeZone);
    const m = mediaWeeks.get(key) ?? { connected: 0, measured: 0, noMedia: 0, notMeasured: 0 };
    const e = evidence.get(r.callId);
    m.connected++;
    if (e === 'media') m.measured++;
    else if (e === 'no_media') m.noMedia++;
    else m.notMeasured++;
    mediaWeeks.set(key, m);
  }

  const unitsOut: DashboardUnitWeek[] = stats.map((s) => {
    const active = activeIn(weeks.get(s.isoWeek) ?? [], scope, s.unitId);
    return { ...s, activeCitizens: active.citizens, activeStaff: active.staff };
  });
  const weekKeys = [
    ...new Set([...stats.map((s) => s.isoWeek), ...weeks.keys(), ...mediaWeeks.keys()]),
  ].sort();
  const weeksOut = weekKeys.map((isoWeek) => {
    const rows = stats.filter((s) => s.isoWeek === isoWeek);
    const sum = (k: keyof WeeklyStat) => rows.reduce((a, r) => a + (r[k] as number), 0);
    const active = activeIn(weeks.get(isoWeek) ?? [], scope, null);
    const minutesSaved = sum('estimatedMinutesSaved');
    return {
      isoWeek,
      complete: isWeekComplete(isoWeek, input.to, input.today, input.timeZone),
      activeCitizens: active.citizens,
      activeStaff: active.staff,
      planned: sum('planned'),
      completed: sum('completed'),
      completedOnScreen: sum('completedOnScreen'),
      completedByPhone: sum('completedByPhone'),
      completedOnSite: sum('completedOnSite'),
      noAnswer: sum('noAnswer'),
      cancelled: sum('cancelled'),
      connectedNotRecorded: sum('connectedNotRecorded'),
      notConnectedCalls: sum('notConnectedCalls'),
      noMediaCalls: sum('noMediaCalls'),
      callMinutes: Math.round(sum('totalCallSeconds') / 6) / 10,
      minutesSaved,
      minutesSavedPerActiveCitizen: active.citizens
        ? Math.round((minutesSaved / active.citizens) * 10) / 10
        : null,
      media: mediaWeeks.get(isoWeek) ?? { connected: 0, measured: 0, noMedia: 0, notMeasured: 0 },
    };
  });
  const month = activeIn(
    withMedia.filter((r) => r.connectedAt! >= monthStart),
    scope,
    null,
  );
  return {
    from: input.from,
    to: input.to,
    targets: BUSINESS_CASE_TARGETS,
    minutesSavedPerCall: (await loadCareSettings(db, input.municipalityId)).minutesSavedPerCall,
    weeks: weeksOut,
    month: {
      from: month30.from,
      to: input.to,
      activeCitizens: month.citizens,
      activeStaff: month.staff,
    },
    units: unitsOut,
    cancelReasons: await cancelReasons(db, scoped, from, to),
    nightWatch: await nightWatch(db, scoped, names, from, to, input.timeZone),
    devices: {
      ...(await kioskLoansOf(db, [...scope.citizenUnits.keys()])),
      weeks: await uptimeWeeks(db, {
        citizenIds: [...scope.citizenUnits.keys()],
        from,
        to,
        timeZone: input.timeZone,
      }),
    },
  };
}

async function scopeOf(db: Db, unitIds: ReadonlySet<string>): Promise<Scope> {
  const ids = [...unitIds];
  if (ids.length === 0) return { citizenUnits: new Map(), staffUnits: new Map() };
  const enrolments = await db
    .select({ citizenId: citizenEnrolmentsTable.citizenId, unitId: citizenEnrolmentsTable.unitId })
    .from(citizenEnrolmentsTable)
    .where(inArray(citizenEnrolmentsTable.unitId, ids));
  const members = await db
    .select({ staffId: unitMembershipsTable.staffId, unitId: unitMembershipsTable.unitId })
    .from(unitMembershipsTable)
    .where(inArray(unitMembershipsTable.unitId, ids));
  const group = (rows: { id: string; unitId: string }[]) => {
    const m = new Map<string, string[]>();
    for (const r of rows) m.set(r.id, [...(m.get(r.id) ?? []), r.unitId]);
    return m;
  };
  return {
    citizenUnits: group(enrolments.map((e) => ({ id: e.citizenId, unitId: e.unitId }))),
    staffUnits: group(members.map((e) => ({ id: e.staffId, unitId: e.unitId }))),
  };
}

async function cancelReasons(db: Db, unitIds: ReadonlySet<string>, from: Date, to: Date) {
  if (unitIds.size === 0) return [];
  const rows = await db
    .select({ reason: dayPlanSlotsTable.cancelReason })
    .from(dayPlanSlotsTable)
    .where(
      and(
        inArray(dayPlanSlotsTable.unitId, [...unitIds]),
        eq(dayPlanSlotsTable.outcome, 'cancelled'),
        gte(dayPlanSlotsTable.plannedAt, from),
        lt(dayPlanSlotsTable.plannedAt, to),
      ),
    );
  return commonCancelReasons(rows.map((r) => r.reason));
}

async function nightWatch(
  db: Db,
  unitIds: ReadonlySet<string>,
  names: ReadonlyMap<string, string>,
  from: Date,
  to: Date,
  timeZone: string,
) {
  if (unitIds.size === 0) return [];
  const calls = await db
    .select({
      poolUnitId: nightWatchCallsTable.poolUnitId,
      status: nightWatchCallsTable.status,
      placedAt: nightWatchCallsTable.placedAt,
      acceptedAt: nightWatchCallsTable.acceptedAt,
    })
    .from(nightWatchCallsTable)
    .where(
      and(
        inArray(nightWatchCallsTable.poolUnitId, [...unitIds]),
        gte(nightWatchCallsTable.placedAt, from),
        lt(nightWatchCallsTable.placedAt, to),
      ),
    );
  return nightWatchWeeks(calls, names, timeZone);
}
