import { and, eq, gt, inArray, isNull, lte, or } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import {
  callPermissionsTable,
  citizenEnrolmentsTable,
  type Db,
  poolCitizenCoverageTable,
  poolCoverageTable,
  unitsTable,
} from '../../db/index.js';
import { type TimeWindow, TimeWindows } from '../time/windows.js';

/**
 * When a resident may call a night-watch pool: the windows of every `citizen_to_night_watch` row decideCall
 * (decide.ts `citizenToUnit`) would weigh for that pool, joined. null: at any time (a row without windows).
 * A pool missing from her map: no press of hers reaches it (not covered, or no row), so the kiosk's lamp stays out.
 */
export type NightWatchHoursByPool = ReadonlyMap<string, readonly TimeWindow[] | null>;

/**
 * The kiosks' night-watch lamps (devices/night-watch-hours.ts puts these in DeviceConfig.nightWatch.windows): for
 * each citizen, the pools that cover her and her windows for each, by the same rules as decideCall: a pool covers
 * her through a facility she is enrolled in now (pool_coverage; that enrolment needs the row) or directly
 * (pool_citizen_coverage; any of her enrolments with the row). ONE statement for any number of citizens (a bulk
 * push asks once per batch, as it reads the batch's contacts). Windows are sorted, so equal hours give equal
 * texts and a bulk push groups the residents who share them. A scheduled revocation or enrolment end is not
 * looked ahead to: closing either is immediate in this cloud, and pushes anew (care/relations/enrolments.ts).
 */
export async function nightWatchHoursOf(
  db: Db,
  citizenIds: readonly string[],
  at: Date,
): Promise<Map<string, NightWatchHoursByPool>> {
  const hours = new Map<string, Map<string, TimeWindow[] | null>>();
  if (citizenIds.length === 0) return hours;
  const activeRow = and(
    eq(callPermissionsTable.enrolmentId, citizenEnrolmentsTable.id),
    eq(callPermissionsTable.direction, 'citizen_to_night_watch'),
    or(isNull(callPermissionsTable.revokedAt), gt(callPermissionsTable.revokedAt, at)),
  );
  const activeEnrolment = and(
    inArray(citizenEnrolmentsTable.citizenId, [...citizenIds]),
    lte(citizenEnrolmentsTable.startedAt, at),
    or(isNull(citizenEnrolmentsTable.endedAt), gt(citizenEnrolmentsTable.endedAt, at)),
  );
  const rows = await unionAll(
    db
      .select({
        citizenId: citizenEnrolmentsTable.citizenId,
        poolId: poolCoverageTable.poolUnitId,
        windows: callPermissionsTable.windows,
      })
      .from(citizenEnrolmentsTable)
      .innerJoin(
        unitsTable,
        and(eq(unitsTable.id, citizenEnrolmentsTable.unitId), eq(unitsTable.kind, 'facility')),
      )
      .innerJoin(poolCoverageTable, eq(poolCoverageTable.facilityUnitId, citizenEnrolmentsTable.unitId))
      .innerJoin(callPermissionsTable, activeRow)
      .where(activeEnrolment),
    db
      .select({
        citizenId: citizenEnrolmentsTable.citizenId,
        poolId: poolCitizenCoverageTable.poolUnitId,
        windows: callPermissionsTable.windows,
      })
      .from(citizenEnrolmentsTable)
      .innerJoin(
        poolCitizenCoverageTable,
        eq(poolCitizenCoverageTable.citizenId, citizenEnrolmentsTable.citizenId),
      )
      .innerJoin(callPermissionsTable, activeRow)
      .where(activeEnrolment),
  );
  for (const row of rows) {
    const byPool = hours.get(row.citizenId) ?? new Map<string, TimeWindow[] | null>();
    hours.set(row.citizenId, byPool);
    // A row that no longer parses widens nothing (repository.ts reads it as a window that never opens).
    const parsed = TimeWindows.safeParse(row.windows);
    const windows = parsed.success ? parsed.data : [];
    const known = byPool.get(row.poolId);
    if (known === null) continue;
    byPool.set(row.poolId, windows === null ? null : [...(known ?? []), ...windows]);
  }
  for (const byPool of hours.values())
    for (const [poolId, windows] of byPool) if (windows) byPool.set(poolId, canonical(windows));
  return hours;
}

/** Each window once, days ascending, in one order: the same hours always print the same JSON. */
function canonical(windows: readonly TimeWindow[]): TimeWindow[] {
  const seen = new Map<string, TimeWindow>();
  for (const w of windows) {
    const one = { days: [...new Set(w.days)].sort((a, b) => a - b), from: w.from, to: w.to };
    seen.set(JSON.stringify(one), one);
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, w]) => w);
}
