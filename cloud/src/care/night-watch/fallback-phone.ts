import { eq } from 'drizzle-orm';
import { type Db, nightWatchPoolSettingsTable } from '../../db/index.js';

/**
 * The switchboard number a resident is shown when the night watch cannot be reached (issue 10 §4). Unlike the
 * routing fallback (a fallback pool wins over the phone), the number is shown whenever the call finally fails,
 * so a pool that falls back to another pool still gives the resident its number if that pool fails too.
 * The pools are tried in order: the pool the call ended in, then the pool it started in.
 */
export async function fallbackPhoneOf(db: Db, poolUnitIds: readonly string[]): Promise<string | null> {
  for (const poolUnitId of poolUnitIds) {
    const [row] = await db
      .select({ phone: nightWatchPoolSettingsTable.fallbackPhone })
      .from(nightWatchPoolSettingsTable)
      .where(eq(nightWatchPoolSettingsTable.poolUnitId, poolUnitId));
    if (row?.phone) return row.phone;
  }
  return null;
}

/** The responsible person's mobile for the "nobody reachable" alert (issue 10 §2), or null when none is set. */
export async function alertPhoneOf(db: Db, poolUnitId: string): Promise<string | null> {
  const [row] = await db
    .select({ phone: nightWatchPoolSettingsTable.alertPhone })
    .from(nightWatchPoolSettingsTable)
    .where(eq(nightWatchPoolSettingsTable.poolUnitId, poolUnitId));
  return row?.phone ?? null;
}
