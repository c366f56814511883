import { and, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import {
  type CallDirection,
  callPermissionsTable,
  citizenEnrolmentsTable,
  citizensTable,
  type Db,
  municipalitiesTable,
  poolCitizenCoverageTable,
  poolCoverageTable,
  staffTable,
  unitMembershipsTable,
  unitsTable,
} from '../../db/index.js';
import { CareError } from '../errors.js';
import { TimeWindows } from '../time/windows.js';
import type { RelationGraph } from './graph.js';

/**
 * One municipality's relations as a RelationGraph. Only relations and permissions still open at `at` are
 * loaded (closed ones can never allow anything again); decideCall re-checks the instants, so a graph held a
 * moment longer still honours a closing time that has passed.
 */
export async function loadRelationGraph(db: Db, municipalityId: string, at: Date): Promise<RelationGraph> {
  const [municipality] = await db
    .select({ timeZone: municipalitiesTable.timeZone })
    .from(municipalitiesTable)
    .where(eq(municipalitiesTable.id, municipalityId));
  if (!municipality) throw CareError.notFound('municipality');
  const units = await db
    .select({ id: unitsTable.id, kind: unitsTable.kind })
    .from(unitsTable)
    .where(eq(unitsTable.municipalityId, municipalityId));
  const unitIds = units.map((u) => u.id);
  const none = unitIds.length === 0;
  const [staff, citizens, memberships, enrolments, coverage, citizenCoverage, permissions] =
    await Promise.all([
      db
        .select({ id: staffTable.id, disabledAt: staffTable.disabledAt })
        .from(staffTable)
        .where(eq(staffTable.municipalityId, municipalityId)),
      db
        .select({ id: citizensTable.id, disabledAt: citizensTable.disabledAt })
        .from(citizensTable)
        .where(eq(citizensTable.municipalityId, municipalityId)),
      none
        ? []
        : db
            .select({ staffId: unitMembershipsTable.staffId, unitId: unitMembershipsTable.unitId })
            .from(unitMembershipsTable)
            .where(inArray(unitMembershipsTable.unitId, unitIds)),
      none
        ? []
        : db
            .select({
              id: citizenEnrolmentsTable.id,
              citizenId: citizenEnrolmentsTable.citizenId,
              unitId: citizenEnrolmentsTable.unitId,
              guideStaffId: citizenEnrolmentsTable.guideStaffId,
              startedAt: citizenEnrolmentsTable.startedAt,
              endedAt: citizenEnrolmentsTable.endedAt,
            })
            .from(citizenEnrolmentsTable)
            .where(
              and(
                inArray(citizenEnrolmentsTable.unitId, unitIds),
                or(isNull(citizenEnrolmentsTable.endedAt), gt(citizenEnrolmentsTable.endedAt, at)),
              ),
            ),
      none
        ? []
        : db
            .select({
              poolUnitId: poolCoverageTable.poolUnitId,
              facilityUnitId: poolCoverageTable.facilityUnitId,
            })
            .from(poolCoverageTable)
            .where(inArray(poolCoverageTable.poolUnitId, unitIds)),
      none
        ? []
        : db
            .select({
              poolUnitId: poolCitizenCoverageTable.poolUnitId,
              citizenId: poolCitizenCoverageTable.citizenId,
            })
            .from(poolCitizenCoverageTable)
            .where(inArray(poolCitizenCoverageTable.poolUnitId, unitIds)),
      db
        .select()
        .from(callPermissionsTable)
        .where(
          and(
            eq(callPermissionsTable.municipalityId, municipalityId),
            or(isNull(callPermissionsTable.revokedAt), gt(callPermissionsTable.revokedAt, at)),
          ),
        ),
    ]);
  return {
    timeZone: municipality.timeZone,
    staff,
    citizens,
    units,
    memberships,
    enrolments,
    coverage,
    citizenCoverage,
    permissions: permissions.map((p) => {
      // A row that no longer parses must not widen anything: treat it as a window that never opens.
      const windows = TimeWindows.safeParse(p.windows);
      return {
        id: p.id,
        enrolmentId: p.enrolmentId,
        direction: p.direction,
        windows: windows.success ? windows.data : [],
        revokedAt: p.revokedAt,
      };
    }),
  };
}

export interface GrantCallPermission {
  municipalityId: string;
  enrolmentId: string;
  direction: CallDirection;
  /** null: at any time. Validated here: the jsonb column accepts anything. */
  windows: unknown;
  createdBy?: string | null;
  at: Date;
}

/** Sets the permission for (enrolment, direction), replacing an open one (which is revoked, kept as history). */
export async function grantCallPermission(db: Db, grant: GrantCallPermission): Promise<{ id: string }> {
  const windows = TimeWindows.safeParse(grant.windows);
  if (!windows.success)
    throw CareError.invalidInput(`invalid time windows: ${windows.error.message}`, windows.error);
  return db.transaction(async (tx) => {
    const [enrolment] = await tx
      .select({ municipalityId: unitsTable.municipalityId })
      .from(citizenEnrolmentsTable)
      .innerJoin(unitsTable, eq(unitsTable.id, citizenEnrolmentsTable.unitId))
      .where(eq(citizenEnrolmentsTable.id, grant.enrolmentId));
    if (enrolment?.municipalityId !== grant.municipalityId) throw CareError.notFound('enrolment');
    await revokeCallPermission(tx, grant);
    const [row] = await tx
      .insert(callPermissionsTable)
      .values({
        municipalityId: grant.municipalityId,
        enrolmentId: grant.enrolmentId,
        direction: grant.direction,
        windows: windows.data,
        createdAt: grant.at,
        createdBy: grant.createdBy ?? null,
      })
      .returning({ id: callPermissionsTable.id });
    return row!;
  });
}

/** Takes effect at `at`: decideCall refuses from that instant. Returns how many rows it closed (0 or 1). */
export async function revokeCallPermission(
  db: Db,
  target: { enrolmentId: string; direction: CallDirection; at: Date },
): Promise<number> {
  const rows = await db
    .update(callPermissionsTable)
    .set({ revokedAt: target.at })
    .where(
      and(
        eq(callPermissionsTable.enrolmentId, target.enrolmentId),
        eq(callPermissionsTable.direction, target.direction),
        isNull(callPermissionsTable.revokedAt),
      ),
    )
    .returning({ id: callPermissionsTable.id });
  return rows.length;
}
