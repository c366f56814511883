import { and, eq, inArray, isNull } from 'drizzle-orm';
import {
  citizenEnrolmentsTable,
  citizensTable,
  type Db,
  municipalitiesTable,
  poolCoverageTable,
  staffTable,
  type UnitKind,
  unitMembershipsTable,
  unitsTable,
} from '../db/index.js';
import { AppError } from '../kernel/errors.js';
import type { Principal } from '../kernel/principal.js';

/**
 * Who may act on what, always inside the principal's municipality. Order matters for every check: an object
 * of another municipality (or none) is a 404 BEFORE any 403, so ids cannot be probed across municipalities.
 *
 * "Own units" of a unit_manager are the units they are a member of (unit_memberships); support acts on every
 * unit of its municipality.
 */
export interface UnitRow {
  id: string;
  kind: UnitKind;
  name: string;
}

export async function unitOf(db: Db, principal: Principal, unitId: string): Promise<UnitRow> {
  const [unit] = await db
    .select({ id: unitsTable.id, kind: unitsTable.kind, name: unitsTable.name })
    .from(unitsTable)
    .where(and(eq(unitsTable.id, unitId), eq(unitsTable.municipalityId, principal.municipalityId)));
  if (!unit) throw AppError.notFound('Unit');
  return unit;
}

export async function isMember(db: Db, staffId: string, unitId: string): Promise<boolean> {
  const rows = await db
    .select({ unitId: unitMembershipsTable.unitId })
    .from(unitMembershipsTable)
    .where(and(eq(unitMembershipsTable.staffId, staffId), eq(unitMembershipsTable.unitId, unitId)));
  return rows.length > 0;
}

export async function memberUnitIds(db: Db, staffId: string): Promise<string[]> {
  const rows = await db
    .select({ unitId: unitMembershipsTable.unitId })
    .from(unitMembershipsTable)
    .where(eq(unitMembershipsTable.staffId, staffId));
  return rows.map((r) => r.unitId);
}

/** Support, or a unit_manager who is a member of the unit. */
export async function mayManageUnit(db: Db, principal: Principal, unitId: string): Promise<boolean> {
  if (principal.role === 'support') return true;
  return principal.role === 'unit_manager' && (await isMember(db, principal.id, unitId));
}

/** The unit, if the principal manages it (404 first, then 403). */
export async function managedUnit(db: Db, principal: Principal, unitId: string): Promise<UnitRow> {
  const unit = await unitOf(db, principal, unitId);
  if (!(await mayManageUnit(db, principal, unitId)))
    throw AppError.forbidden('Only support or a manager of this unit can do this.');
  return unit;
}

/** A night-watch pool of the municipality (404 for anything else). */
export async function poolOf(db: Db, principal: Principal, poolUnitId: string): Promise<UnitRow> {
  const unit = await unitOf(db, principal, poolUnitId);
  if (unit.kind !== 'night_watch_pool') throw AppError.notFound('Night-watch pool');
  return unit;
}

/** Support, or a member of the pool (a night-watch member, or its manager). */
export async function poolMemberOrSupport(
  db: Db,
  principal: Principal,
  poolUnitId: string,
): Promise<UnitRow> {
  const pool = await poolOf(db, principal, poolUnitId);
  if (principal.role !== 'support' && !(await isMember(db, principal.id, poolUnitId)))
    throw AppError.forbidden('Only members of this night-watch pool can do this.');
  return pool;
}

export async function staffOf(db: Db, principal: Principal, staffId: string) {
  const [row] = await db
    .select({
      id: staffTable.id,
      username: staffTable.username,
      displayName: staffTable.displayName,
      role: staffTable.role,
      disabledAt: staffTable.disabledAt,
    })
    .from(staffTable)
    .where(and(eq(staffTable.id, staffId), eq(staffTable.municipalityId, principal.municipalityId)));
  if (!row) throw AppError.notFound('Staff member');
  return row;
}

export async function citizenOf(db: Db, principal: Principal, citizenId: string) {
  const [row] = await db
    .select({ id: citizensTable.id, displayName: citizensTable.displayName })
    .from(citizensTable)
    .where(and(eq(citizensTable.id, citizenId), eq(citizensTable.municipalityId, principal.municipalityId)));
  if (!row) throw AppError.notFound('Citizen');
  return row;
}

/** The units a citizen is enrolled in now (open enrolments). */
export async function citizenUnitIds(db: Db, citizenId: string): Promise<string[]> {
  const rows = await db
    .select({ unitId: citizenEnrolmentsTable.unitId })
    .from(citizenEnrolmentsTable)
    .where(and(eq(citizenEnrolmentsTable.citizenId, citizenId), isNull(citizenEnrolmentsTable.endedAt)));
  return rows.map((r) => r.unitId);
}

/** Does the principal share a unit with the citizen's open enrolments (or is support)? */
export async function worksWithCitizen(db: Db, principal: Principal, citizenId: string): Promise<boolean> {
  if (principal.role === 'support') return true;
  const [mine, theirs] = await Promise.all([memberUnitIds(db, principal.id), citizenUnitIds(db, citizenId)]);
  return theirs.some((u) => mine.includes(u));
}

/**
 * A citizen the principal works with: support sees every citizen of the municipality, other staff only the
 * citizens of their own units. Anyone else's citizen is a 404, as if it did not exist (staff of one team do not
 * learn who another team serves).
 */
export async function citizenInScope(db: Db, principal: Principal, citizenId: string) {
  const citizen = await citizenOf(db, principal, citizenId);
  if (!(await worksWithCitizen(db, principal, citizenId))) throw AppError.notFound('Citizen');
  return citizen;
}

/** Facilities covered by a pool, and whether the principal is day staff of one of them. */
export async function isDayStaffOfCoveredFacility(
  db: Db,
  staffId: string,
  poolUnitId: string,
): Promise<boolean> {
  const facilities = await db
    .select({ id: poolCoverageTable.facilityUnitId })
    .from(poolCoverageTable)
    .where(eq(poolCoverageTable.poolUnitId, poolUnitId));
  if (facilities.length === 0) return false;
  const rows = await db
    .select({ unitId: unitMembershipsTable.unitId })
    .from(unitMembershipsTable)
    .where(
      and(
        eq(unitMembershipsTable.staffId, staffId),
        inArray(
          unitMembershipsTable.unitId,
          facilities.map((f) => f.id),
        ),
      ),
    );
  return rows.length > 0;
}

export async function municipalityZone(db: Db, municipalityId: string): Promise<string> {
  const [m] = await db
    .select({ timeZone: municipalitiesTable.timeZone })
    .from(municipalitiesTable)
    .where(eq(municipalitiesTable.id, municipalityId));
  if (!m) throw AppError.notFound('Municipality');
  return m.timeZone;
}
