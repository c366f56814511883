import { and, eq, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { devicesTable } from '../schema/index.js';

/**
 * What "udlånt" (lent) means wherever a number of lent kiosks is shown or measured: lifecycle `lent` with a
 * borrower, i.e. lent AND enrolled, so it can be online. A kiosk lent before it ever enrolled keeps `registered`
 * with its borrower (devices/lifecycle.ts) and cannot be online yet; counting it as lent made the dashboard's card
 * say "0 af 1 på nettet" beside an uptime history that never sampled it. Such a kiosk is counted apart
 * (`notEnrolled`), so a manager still sees that one is on its way.
 *
 * A kiosk marked lost or in repair is in no citizen's use, so it is never "udlånt", whatever its row says:
 * marking it ends the loan (devices/service.ts hold), and lendDevice refuses a held kiosk in its UPDATE, but
 * the definition does not rest on those two alone. Support's list shows such kiosks on their own lines
 * (**Meldt bortkommet**, **Til reparation**).
 *
 * Used by: the uptime sampler (dashboard/uptime.ts), the dashboard's card (kioskLoansOf below), the
 * device-offline alert (alerts/rules.ts).
 */
export const lentKiosk: SQL = and(
  eq(devicesTable.lifecycle, 'lent'),
  isNotNull(devicesTable.citizenId),
  isNull(devicesTable.heldAs),
)!;

/**
 * Lent to a borrower, never enrolled yet (the box is on its way to her or not switched on there yet). Used by:
 * kioskLoansOf below, the kiosk-not-enrolled alert (alerts/kiosk-not-enrolled.ts).
 */
export const lentNotEnrolled: SQL = and(
  eq(devicesTable.lifecycle, 'registered'),
  isNotNull(devicesTable.citizenId),
  isNull(devicesTable.heldAs),
)!;

export interface KioskLoans {
  /** Lent and enrolled (lentKiosk). */
  lent: number;
  /** Of those, connected now. */
  onlineNow: number;
  /** Lent to a citizen but never enrolled: not in `lent`, and cannot be online. */
  notEnrolled: number;
}

/** The kiosks lent to `citizenIds` now, by lentKiosk. Used by: the dashboard (GET /api/dashboard). */
export async function kioskLoansOf(db: Db, citizenIds: readonly string[]): Promise<KioskLoans> {
  if (citizenIds.length === 0) return { lent: 0, onlineNow: 0, notEnrolled: 0 };
  const count = (where: SQL) => sql<number>`count(*) filter (where ${where})`.mapWith(Number);
  const [row] = await db
    .select({
      lent: count(lentKiosk),
      onlineNow: count(and(lentKiosk, eq(devicesTable.online, true))!),
      notEnrolled: count(lentNotEnrolled),
    })
    .from(devicesTable)
    .where(inArray(devicesTable.citizenId, [...citizenIds]));
  return row ?? { lent: 0, onlineNow: 0, notEnrolled: 0 };
}
