import { and, eq, inArray } from 'drizzle-orm';
import { citizensTable, poolCitizenCoverageTable, poolCoverageTable, unitsTable } from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import type { Principal } from '../../kernel/principal.js';
import { auditCare, type CareDeps, recheckLiveCalls } from '../route-helpers.js';
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
 * Live calls are re-checked, so removing a citizen ends a call that no longer has a relation.
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
  await db.transaction(async (tx) => {
    await tx.delete(poolCoverageTable).where(eq(poolCoverageTable.poolUnitId, poolUnitId));
    if (ids.length)
      await tx
        .insert(poolCoverageTable)
        .values(ids.map((facilityUnitId) => ({ poolUnitId, facilityUnitId })));
    if (!citizenIds) return;
    await tx.delete(poolCitizenCoverageTable).where(eq(poolCitizenCoverageTable.poolUnitId, poolUnitId));
    if (citizenIds.length)
      await tx
        .insert(poolCitizenCoverageTable)
        .values(citizenIds.map((citizenId) => ({ poolUnitId, citizenId })));
  });
  await auditCare(deps, principal, ip, {
    action: 'care.pool.coverage_set',
    targetKind: 'unit',
    targetId: poolUnitId,
    // Internal ids only (no names): which facilities and citizens the pool covers from now on.
    details: { facilityUnitIds: ids, ...(citizenIds ? { citizenIds } : {}) },
  });
  await recheckLiveCalls(deps);
  const covered = await db
    .select({ citizenId: poolCitizenCoverageTable.citizenId })
    .from(poolCitizenCoverageTable)
    .where(eq(poolCitizenCoverageTable.poolUnitId, poolUnitId));
  return { facilityUnitIds: ids, citizenIds: covered.map((c) => c.citizenId).sort() };
}
