import { eq } from 'drizzle-orm';
import { type Db, nightWatchPoolSettingsTable } from '../../db/index.js';

/**
 * A call falls back to another pool at most this many times (a misconfigured ring of pools must end). The live
 * router (calls/night-watch/pool-calls.ts) and the number a kiosk keeps for when it is offline
 * (`chainFallbackPhoneOf`) follow the same chain, so both name the same pool.
 */
export const MAX_FALLBACK_HOPS = 2;

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

/**
 * The number a call to `poolUnitId` that nobody takes ends with: the pool's fallback pools are followed as the
 * router escalates (a fallback pool wins over a phone, at most MAX_FALLBACK_HOPS times) to the pool the call
 * would end in, and that pool's number is given, else the first pool's (`fallbackPhoneOf`, as a live call does).
 * A kiosk keeps this number for when it cannot reach the cloud (devices/pool-phone.ts): the number of the pool
 * its button names was wrong there when that pool hands its nights to another (Solbakken's evening pool to the
 * municipality's night watch): an offline kiosk showed a switchboard nobody answers at night, or, with no number
 * on the first pool, none at all, while the same call online ended with the night watch's number.
 */
export async function chainFallbackPhoneOf(db: Db, poolUnitId: string): Promise<string | null> {
  let end = poolUnitId;
  for (let hops = 0; hops < MAX_FALLBACK_HOPS; hops++) {
    const [row] = await db
      .select({ next: nightWatchPoolSettingsTable.fallbackPoolUnitId })
      .from(nightWatchPoolSettingsTable)
      .where(eq(nightWatchPoolSettingsTable.poolUnitId, end));
    if (!row?.next) break;
    end = row.next;
  }
  return fallbackPhoneOf(db, [end, poolUnitId]);
}

/** The responsible person's mobile for the "nobody reachable" alert (issue 10 §2), or null when none is set. */
export async function alertPhoneOf(db: Db, poolUnitId: string): Promise<string | null> {
  const [row] = await db
    .select({ phone: nightWatchPoolSettingsTable.alertPhone })
    .from(nightWatchPoolSettingsTable)
    .where(eq(nightWatchPoolSettingsTable.poolUnitId, poolUnitId));
  return row?.phone ?? null;
}
