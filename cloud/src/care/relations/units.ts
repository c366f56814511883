import { and, asc, eq, isNull } from 'drizzle-orm';
import {
  citizenEnrolmentsTable,
  citizenRef,
  citizensTable,
  poolCoverageTable,
  staffTable,
  type UnitKind,
  unitMembershipsTable,
  unitsTable,
} from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import type { Principal } from '../../kernel/principal.js';
import { isUniqueViolation } from '../care-action.js';
import { goOffDuty } from '../index.js';
import { auditCare, type CareDeps, notifyDutyChanged, nowOf, recheckLiveCalls } from '../route-helpers.js';
import { isMember, managedUnit, staffOf, unitOf } from '../scope.js';

/** Used by: GET /api/units. Unit names are not personal data; every care worker may see the list. */
export async function listUnits(deps: CareDeps, principal: Principal) {
  const mine = new Set(
    (
      await deps.db.db
        .select({ unitId: unitMembershipsTable.unitId })
        .from(unitMembershipsTable)
        .where(eq(unitMembershipsTable.staffId, principal.id))
    ).map((r) => r.unitId),
  );
  const units = await deps.db.db
    .select({ id: unitsTable.id, kind: unitsTable.kind, name: unitsTable.name })
    .from(unitsTable)
    .where(eq(unitsTable.municipalityId, principal.municipalityId))
    .orderBy(asc(unitsTable.name));
  return units.map((u) => ({ ...u, member: mine.has(u.id) }));
}

/** Used by: POST /api/units (support). */
export async function createUnit(
  deps: CareDeps,
  principal: Principal,
  input: { kind: UnitKind; name: string },
  ip: string | null,
) {
  const [unit] = await deps.db.db
    .insert(unitsTable)
    .values({
      municipalityId: principal.municipalityId,
      kind: input.kind,
      name: input.name,
      createdAt: nowOf(deps),
    })
    .returning({ id: unitsTable.id, kind: unitsTable.kind, name: unitsTable.name });
  await auditCare(deps, principal, ip, {
    action: 'care.unit.created',
    targetKind: 'unit',
    targetId: unit!.id,
    details: { kind: input.kind },
  });
  return { ...unit!, member: false };
}

/** Used by: GET /api/units/:id. Support, the unit's managers and its own members. */
export async function unitDetails(deps: CareDeps, principal: Principal, unitId: string) {
  const db = deps.db.db;
  const unit = await unitOf(db, principal, unitId);
  if (principal.role !== 'support' && !(await isMember(db, principal.id, unitId)))
    throw AppError.forbidden('Only support and members of this unit can see it.');
  const [members, enrolments, coverage] = await Promise.all([
    db
      .select({
        staffId: staffTable.id,
        username: staffTable.username,
        displayName: staffTable.displayName,
        role: staffTable.role,
      })
      .from(unitMembershipsTable)
      .innerJoin(staffTable, eq(staffTable.id, unitMembershipsTable.staffId))
      .where(eq(unitMembershipsTable.unitId, unitId))
      .orderBy(asc(staffTable.displayName)),
    db
      .select({
        id: citizenEnrolmentsTable.id,
        citizenId: citizensTable.id,
        displayName: citizensTable.displayName,
        guideStaffId: citizenEnrolmentsTable.guideStaffId,
        startedAt: citizenEnrolmentsTable.startedAt,
      })
      .from(citizenEnrolmentsTable)
      .innerJoin(citizensTable, eq(citizensTable.id, citizenEnrolmentsTable.citizenId))
      .where(and(eq(citizenEnrolmentsTable.unitId, unitId), isNull(citizenEnrolmentsTable.endedAt)))
      .orderBy(asc(citizensTable.displayName)),
    db
      .select({ facilityUnitId: poolCoverageTable.facilityUnitId })
      .from(poolCoverageTable)
      .where(eq(poolCoverageTable.poolUnitId, unitId)),
  ]);
  return {
    ...unit,
    members,
    // The ref tells two enrolled namesakes apart in the unit's list (as in every citizen chooser).
    enrolments: enrolments.map((e) => ({
      ...e,
      ref: citizenRef(e.citizenId),
      startedAt: e.startedAt.toISOString(),
    })),
    coveredFacilityIds: coverage.map((c) => c.facilityUnitId),
  };
}

/** Used by: POST /api/units/:id/members. */
export async function addMember(
  deps: CareDeps,
  principal: Principal,
  unitId: string,
  staffId: string,
  ip: string | null,
) {
  const db = deps.db.db;
  await managedUnit(db, principal, unitId);
  const staff = await staffOf(db, principal, staffId);
  if (staff.disabledAt) throw AppError.conflict('This staff member is disabled.');
  try {
    await db.insert(unitMembershipsTable).values({ staffId, unitId, since: nowOf(deps) });
  } catch (error) {
    if (isUniqueViolation(error)) throw AppError.conflict('This staff member is already in the unit.');
    throw error;
  }
  await auditCare(deps, principal, ip, {
    action: 'care.membership.added',
    targetKind: 'unit',
    targetId: unitId,
    details: { staffId },
  });
}

/**
 * Used by: DELETE /api/units/:id/members/:staffId. Leaving a night-watch pool also ends an open duty period,
 * so a former member is never rung again.
 */
export async function removeMember(
  deps: CareDeps,
  principal: Principal,
  unitId: string,
  staffId: string,
  ip: string | null,
) {
  const db = deps.db.db;
  const unit = await managedUnit(db, principal, unitId);
  await staffOf(db, principal, staffId);
  const removed = await db
    .delete(unitMembershipsTable)
    .where(and(eq(unitMembershipsTable.unitId, unitId), eq(unitMembershipsTable.staffId, staffId)))
    .returning({ staffId: unitMembershipsTable.staffId });
  if (removed.length === 0) throw AppError.notFound('Membership');
  const wasOnDuty =
    unit.kind === 'night_watch_pool' &&
    (await goOffDuty(db, { poolUnitId: unitId, staffId, at: nowOf(deps) }));
  if (wasOnDuty) await notifyDutyChanged(deps, unitId);
  await recheckLiveCalls(deps);
  await auditCare(deps, principal, ip, {
    action: 'care.membership.removed',
    targetKind: 'unit',
    targetId: unitId,
    details: { staffId, endedDuty: wasOnDuty },
  });
}
