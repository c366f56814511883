import { inArray } from 'drizzle-orm';
import { citizensTable, type Db, staffTable, unitsTable } from '../db/index.js';

/**
 * Display names for the ids a list shows (citizens, staff, units), in one round trip per table, keyed by id.
 * Used by: the day plan (citizen and unit names) and the roster (staff and pool names).
 */
export async function displayNames(
  db: Db,
  ids: { citizens?: readonly string[]; staff?: readonly string[]; units?: readonly string[] },
): Promise<Map<string, string>> {
  const unique = (list: readonly string[] | undefined) => [...new Set(list ?? [])];
  const [citizens, staff, units] = await Promise.all([
    unique(ids.citizens).length
      ? db
          .select({ id: citizensTable.id, name: citizensTable.displayName })
          .from(citizensTable)
          .where(inArray(citizensTable.id, unique(ids.citizens)))
      : [],
    unique(ids.staff).length
      ? db
          .select({ id: staffTable.id, name: staffTable.displayName })
          .from(staffTable)
          .where(inArray(staffTable.id, unique(ids.staff)))
      : [],
    unique(ids.units).length
      ? db
          .select({ id: unitsTable.id, name: unitsTable.name })
          .from(unitsTable)
          .where(inArray(unitsTable.id, unique(ids.units)))
      : [],
  ]);
  return new Map([...citizens, ...staff, ...units].map((r) => [r.id, r.name]));
}
