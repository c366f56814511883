import { and, eq, inArray, isNull } from 'drizzle-orm';
import {
  citizenEnrolmentsTable,
  citizensTable,
  type Db,
  poolCitizenCoverageTable,
  poolCoverageTable,
  unitsTable,
} from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import type { Principal } from '../../kernel/principal.js';
import { auditCare, type CareDeps, pushNightWatchHours, recheckLiveCalls } from '../route-helpers.js';
import { poolOf } from '../scope.js';

export interface CoverageInput {
  facilityUnitIds: readonly string[];
  /** Citizens the pool covers directly; absent leaves them as they are (older clients send facilities only). */
  citizenIds?: readonly string[] | undefined;
}

/**
 * Used by: PUT /api/night-watch/pools/:id/coverage (support). Replaces the covered facilities and, when given,
 * the citizens covered directly (issue 4 §3 "Pools cover a set of facilities or citizens"). Coverage alone
 * allows no call: the citizen also needs a citizen_to_night_watch permission (care/permissions/decide.ts).
 * Live calls are re-checked, so removing a citizen ends a call that no longer has a relation, and the kiosks of
 * the residents it moves get their new night-watch hours, so their button's lamp says what a press would do.
 */
export async function writeCoverage(
  deps: CareDeps,
  principal: Principal,
  poolUnitId: string,
  input: CoverageInput,
  ip: string | null,
) {
  const db = deps.db.db;
  await poolOf(db, principal, poolUnitId);
  const ids = [...new Set(input.facilityUnitIds)];
  const facilities = ids.length
    ? await db
        .select({ id: unitsTable.id, kind: unitsTable.kind })
        .from(unitsTable)
        .where(and(inArray(unitsTable.id, ids), eq(unitsTable.municipalityId, principal.municipalityId)))
    : [];
  if (facilities.length !== ids.length) throw AppError.notFound('Facility');
  if (facilities.some((f) => f.kind !== 'facility'))
    throw AppError.invalidInput('A night-watch pool covers facilities, or citizens directly.');
  const citizenIds = input.citizenIds ? [...new Set(input.citizenIds)] : null;
  if (citizenIds?.length) {
    const found = await db
      .select({ id: citizensTable.id })
      .from(citizensTable)
      .where(
        and(
          inArray(citizensTable.id, citizenIds),
          eq(citizensTable.municipalityId, principal.municipalityId),
        ),
      );
    if (found.length !== citizenIds.length) throw AppError.notFound('Citizen');
  }
  // What the pool covered before, read as it is replaced: the residents whose hours the change can move.
  const before = await db.transaction(async (tx) => {
    const facilitiesBefore = await tx
      .delete(poolCoverageTable)
      .where(eq(poolCoverageTable.poolUnitId, poolUnitId))
      .returning({ id: poolCoverageTable.facilityUnitId });
    if (ids.length)
      await tx
        .insert(poolCoverageTable)
        .values(ids.map((facilityUnitId) => ({ poolUnitId, facilityUnitId })));
    if (!citizenIds) return { facilityUnitIds: facilitiesBefore.map((f) => f.id), citizenIds: [] };
    const citizensBefore = await tx
      .delete(poolCitizenCoverageTable)
      .where(eq(poolCitizenCoverageTable.poolUnitId, poolUnitId))
      .returning({ id: poolCitizenCoverageTable.citizenId });
    if (citizenIds.length)
      await tx
        .insert(poolCitizenCoverageTable)
        .values(citizenIds.map((citizenId) => ({ poolUnitId, citizenId })));
    return {
      facilityUnitIds: facilitiesBefore.map((f) => f.id),
      citizenIds: citizensBefore.map((c) => c.id),
    };
  });
  await auditCare(deps, principal, ip, {
    action: 'care.pool.coverage_set',
    targetKind: 'unit',
    targetId: poolUnitId,
    // Internal ids only (no names): which facilities and citizens the pool covers from now on.
    details: { facilityUnitIds: ids, ...(citizenIds ? { citizenIds } : {}) },
  });
  await recheckLiveCalls(deps);
  // Residents the pool now covers or no longer does (through a facility added or removed, or directly): their
  // kiosks' lamps follow (route-helpers.ts pushNightWatchHours; only kiosks whose hours differ get a version).
  await pushNightWatchHours(
    deps,
    principal.municipalityId,
    await residentsMoved(db, {
      facilities: changed(before.facilityUnitIds, ids),
      citizens: citizenIds ? changed(before.citizenIds, citizenIds) : [],
    }),
  );
  const covered = await db
    .select({ citizenId: poolCitizenCoverageTable.citizenId })
    .from(poolCitizenCoverageTable)
    .where(eq(poolCitizenCoverageTable.poolUnitId, poolUnitId));
  return { facilityUnitIds: ids, citizenIds: covered.map((c) => c.citizenId).sort() };
}

/** What is in one list and not in the other: a facility or citizen both before and after moves nobody. */
function changed(before: readonly string[], after: readonly string[]): string[] {
  const was = new Set(before);
  const is = new Set(after);
  return [...new Set([...before.filter((id) => !is.has(id)), ...after.filter((id) => !was.has(id))])];
}

/**
 * The citizens whose night-watch hours a coverage change can move: those with an open relation to a facility
 * added or removed, and those added or removed directly. A superset is harmless: their kiosks are compared with
 * their hours before anything is pushed (devices/night-watch-hours.ts kiosksWithStaleNightWatchHours).
 */
async function residentsMoved(
  db: Db,
  moved: { facilities: string[]; citizens: string[] },
): Promise<string[]> {
  const enrolled = moved.facilities.length
    ? await db
        .selectDistinct({ id: citizenEnrolmentsTable.citizenId })
        .from(citizenEnrolmentsTable)
        .where(
          and(
            inArray(citizenEnrolmentsTable.unitId, moved.facilities),
            isNull(citizenEnrolmentsTable.endedAt),
          ),
        )
    : [];
  return [...new Set([...moved.citizens, ...enrolled.map((e) => e.id)])];
}
