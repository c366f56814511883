import { and, asc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { citizenEnrolmentsTable, citizensTable, unitMembershipsTable, unitsTable } from '../schema/index.js';

/**
 * What tells two citizens with the same name apart in a list a person chooses from (the people search, the
 * kiosk lend dialog, the citizen card), without adding personal data (docs/security.md "minimum data"): the
 * names of the municipality's own units the citizen is enrolled in, and a short neutral reference. Here so the
 * people and devices features share it without importing each other.
 */

/**
 * A short reference made from the citizen's id: six hex digits, the same wherever it is shown (list and card).
 * Not personal data, not secret, not a key: only a tie-breaker to read aloud ("ref. 3F2A9C").
 */
export const citizenRef = (citizenId: string): string =>
  citizenId.replace(/-/g, '').slice(0, 6).toUpperCase();

/**
 * The ref in what a person typed into a citizen search ("3F2A9C", "ref. 3f2a9c"), or null when it is not one.
 * Six hex digits, as citizenRef shows it: typed in full, so a name's letters ("Abe") never match ids by chance.
 */
export function refInQuery(q: string): string | null {
  const m = /^(?:ref\.?:?\s*)?([0-9a-f]{6})$/i.exec(q.trim());
  return m ? m[1]!.toLowerCase() : null;
}

/**
 * SQL: the citizen whose ref is `ref` (refInQuery). The ref is the id's first six hex digits, which come before
 * the id's first dash, so a prefix match on the id's text finds it.
 */
export const hasCitizenRef = (ref: string): SQL => sql`${citizensTable.id}::text like ${`${ref}%`}`;

/**
 * The names of the units each citizen is enrolled in now, alphabetically, keyed by citizen id. Only units of
 * `municipalityId` (an enrolment can never show another municipality's unit); with `onlyUnitsOf`, only units that
 * staff member belongs to (care staff learn no more about a citizen than their own team's name).
 */
export async function citizenUnitNames(
  db: Db,
  municipalityId: string,
  citizenIds: readonly string[],
  onlyUnitsOf?: string,
): Promise<Map<string, string[]>> {
  const names = new Map<string, string[]>();
  if (citizenIds.length === 0) return names;
  const where = [
    inArray(citizenEnrolmentsTable.citizenId, [...citizenIds]),
    isNull(citizenEnrolmentsTable.endedAt),
    eq(unitsTable.municipalityId, municipalityId),
  ];
  if (onlyUnitsOf)
    where.push(
      inArray(
        citizenEnrolmentsTable.unitId,
        db
          .select({ unitId: unitMembershipsTable.unitId })
          .from(unitMembershipsTable)
          .where(eq(unitMembershipsTable.staffId, onlyUnitsOf)),
      ),
    );
  const rows = await db
    .select({ citizenId: citizenEnrolmentsTable.citizenId, name: unitsTable.name })
    .from(citizenEnrolmentsTable)
    .innerJoin(unitsTable, eq(unitsTable.id, citizenEnrolmentsTable.unitId))
    .where(and(...where))
    .orderBy(asc(unitsTable.name));
  for (const r of rows) names.set(r.citizenId, [...(names.get(r.citizenId) ?? []), r.name]);
  return names;
}
