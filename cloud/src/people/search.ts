import { type AnyColumn, and, asc, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import {
  citizenEnrolmentsTable,
  citizenRef,
  citizensTable,
  citizenUnitNames,
  type Db,
  hasCitizenRef,
  refInQuery,
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

/**
 * Names in which a word starts with what was typed come first: "Else" must list Else Mortensen before Bent
 * NiELSEn, because Enter takes the first hit and the call desk then rings that person. Before the limit, so a
 * whole page of inner matches never hides the one meant.
 */
const wordStartsFirst = (column: AnyColumn, q: string) => {
  const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql`case when ${column} ilike ${`${escaped}%`} or ${column} ilike ${`% ${escaped}%`} or ${column} ilike ${`%-${escaped}%`} then 0 else 1 end`;
};

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
    .orderBy(
      wordStartsFirst(staffTable.displayName, q),
      asc(staffTable.displayName),
      asc(staffTable.username),
    )
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
  if (q) {
    // The ref the citizen card and the lists show for namesakes is searchable too (refInQuery).
    const ref = refInQuery(q);
    where.push(
      ref
        ? or(ilike(citizensTable.displayName, likePattern(q)), hasCitizenRef(ref))
        : ilike(citizensTable.displayName, likePattern(q)),
    );
  }
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
    .orderBy(wordStartsFirst(citizensTable.displayName, q), asc(citizensTable.displayName))
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
