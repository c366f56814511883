import { and, asc, eq, ilike, inArray, isNull, or, type SQL } from 'drizzle-orm';
import {
  citizenEnrolmentsTable,
  citizenRef,
  citizensTable,
  citizenUnitNames,
  type Db,
  staffTable,
  unitMembershipsTable,
} from '../db/index.js';
import type { Principal } from '../kernel/principal.js';

export interface StaffHit {
  kind: 'staff';
  id: string;
  displayName: string;
  username: string;
  role: string;
  active: boolean;
}
export interface CitizenHit {
  kind: 'citizen';
  id: string;
  displayName: string;
  initials: string | null;
  /** What tells namesakes apart: the units they are enrolled in (the caller's own, for care staff) and a ref. */
  units: string[];
  ref: string;
  active: boolean;
}

/** `%` and `_` typed by a person mean themselves, not SQL wildcards. */
export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Support and system admins see every citizen of the municipality; care staff only those of their own units. */
const SEES_ALL_CITIZENS = new Set(['support', 'system_admin']);

export async function searchStaff(
  db: Db,
  principal: Principal,
  q: string,
  limit: number,
  ids?: readonly string[],
): Promise<StaffHit[]> {
  const where: (SQL | undefined)[] = [eq(staffTable.municipalityId, principal.municipalityId)];
  if (ids) where.push(inArray(staffTable.id, [...ids]));
  if (q)
    where.push(or(ilike(staffTable.displayName, likePattern(q)), ilike(staffTable.username, likePattern(q))));
  const rows = await db
    .select({
      id: staffTable.id,
      displayName: staffTable.displayName,
      username: staffTable.username,
      role: staffTable.role,
      disabledAt: staffTable.disabledAt,
    })
    .from(staffTable)
    .where(and(...where))
    .orderBy(asc(staffTable.displayName), asc(staffTable.username))
    .limit(limit);
  return rows.map(({ disabledAt, ...r }) => ({ kind: 'staff', ...r, active: disabledAt === null }));
}

export async function searchCitizens(
  db: Db,
  principal: Principal,
  q: string,
  limit: number,
  ids?: readonly string[],
): Promise<CitizenHit[]> {
  const where: (SQL | undefined)[] = [eq(citizensTable.municipalityId, principal.municipalityId)];
  if (ids) where.push(inArray(citizensTable.id, [...ids]));
  if (q) where.push(ilike(citizensTable.displayName, likePattern(q)));
  if (!SEES_ALL_CITIZENS.has(principal.role)) {
    // Care staff find the citizens of their own units only (minimum data: a home-care worker has no reason to
    // browse the whole municipality's names).
    const units = db
      .select({ unitId: unitMembershipsTable.unitId })
      .from(unitMembershipsTable)
      .where(eq(unitMembershipsTable.staffId, principal.id));
    const enrolled = db
      .select({ citizenId: citizenEnrolmentsTable.citizenId })
      .from(citizenEnrolmentsTable)
      .where(and(isNull(citizenEnrolmentsTable.endedAt), inArray(citizenEnrolmentsTable.unitId, units)));
    where.push(inArray(citizensTable.id, enrolled), isNull(citizensTable.disabledAt));
  }
  const rows = await db
    .select({
      id: citizensTable.id,
      displayName: citizensTable.displayName,
      initials: citizensTable.initials,
      disabledAt: citizensTable.disabledAt,
    })
    .from(citizensTable)
    .where(and(...where))
    .orderBy(asc(citizensTable.displayName))
    .limit(limit);
  const units = await citizenUnitNames(
    db,
    principal.municipalityId,
    rows.map((r) => r.id),
    SEES_ALL_CITIZENS.has(principal.role) ? undefined : principal.id,
  );
  return rows.map(({ disabledAt, ...r }) => ({
    kind: 'citizen',
    ...r,
    units: units.get(r.id) ?? [],
    ref: citizenRef(r.id),
    active: disabledAt === null,
  }));
}
