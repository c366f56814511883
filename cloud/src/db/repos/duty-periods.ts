import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../database.js';
import { dutyPeriodsTable } from '../schema/index.js';

/**
 * An account reopened (SCIM `active: true`, Nulstil adgang with reopen, the operator's `reset-account --reopen`)
 * starts OFF duty: a duty period its closing left open (closing keeps it, so the pool stays raised while nobody
 * can answer, calls/night-watch/pool-reachability.ts) is ended at the closing, when the person stopped covering.
 * Without this a reopened member was silently on duty again, counted reachable by any page they opened. Here so
 * the accounts and SCIM features share it without importing the care feature.
 */
export async function endDutyLeftByClosing(db: Db, staffId: string, closedAt: Date): Promise<number> {
  const ended = await db
    .update(dutyPeriodsTable)
    .set({ endedAt: closedAt })
    .where(and(eq(dutyPeriodsTable.staffId, staffId), isNull(dutyPeriodsTable.endedAt)))
    .returning({ id: dutyPeriodsTable.id });
  return ended.length;
}
