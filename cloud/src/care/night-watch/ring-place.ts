import { and, asc, eq, gt, isNull, lte, or } from 'drizzle-orm';
import { citizenEnrolmentsTable, type Db, poolCoverageTable, unitsTable } from '../../db/index.js';

/**
 * The place a night-watch call comes from: the name of the resident's facility the pool covers, or the pool's
 * own name for a citizen it covers directly (home care). A PLACE, not a person: it is what the ring frame
 * carries to every console, locked ones included, and what the system notification shows, so a tired member
 * knows where to go before unlocking. The resident's name is only read over HTTP by an unlocked session
 * (GET /api/night-watch/calls/{id}; docs/security.md "Idle lock on duty"). Used by: Pools (calls/night-watch).
 */
export async function ringPlaceOf(db: Db, poolUnitId: string, citizenId: string, at: Date): Promise<string> {
  const [facility] = await db
    .select({ name: unitsTable.name })
    .from(citizenEnrolmentsTable)
    .innerJoin(
      poolCoverageTable,
      and(
        eq(poolCoverageTable.facilityUnitId, citizenEnrolmentsTable.unitId),
        eq(poolCoverageTable.poolUnitId, poolUnitId),
      ),
    )
    .innerJoin(unitsTable, eq(unitsTable.id, citizenEnrolmentsTable.unitId))
    .where(
      and(
        eq(citizenEnrolmentsTable.citizenId, citizenId),
        lte(citizenEnrolmentsTable.startedAt, at),
        or(isNull(citizenEnrolmentsTable.endedAt), gt(citizenEnrolmentsTable.endedAt, at)),
      ),
    )
    .orderBy(asc(unitsTable.name))
    .limit(1);
  if (facility) return facility.name.slice(0, 80);
  const [pool] = await db
    .select({ name: unitsTable.name })
    .from(unitsTable)
    .where(eq(unitsTable.id, poolUnitId));
  return (pool?.name ?? 'Nattevagt').slice(0, 80) || 'Nattevagt';
}
