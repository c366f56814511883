import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { callRecordsTable, type Db } from '../../db/index.js';

/**
 * "Connected" (issue 13): a call placed for the slot reached in_call, i.e. both sides had exchanged offer and
 * answer and so had media set up (call_records.connected_at, written by cloud/src/calls/records.ts).
 */
export async function slotConnected(db: Db, slotId: string): Promise<boolean> {
  const [row] = await db
    .select({ callId: callRecordsTable.callId })
    .from(callRecordsTable)
    .where(and(eq(callRecordsTable.slotId, slotId), isNotNull(callRecordsTable.connectedAt)))
    .limit(1);
  return row !== undefined;
}

/** Of `slotIds`, those with at least one connected call. */
export async function connectedSlotIds(db: Db, slotIds: readonly string[]): Promise<Set<string>> {
  if (slotIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ slotId: callRecordsTable.slotId })
    .from(callRecordsTable)
    .where(and(inArray(callRecordsTable.slotId, [...slotIds]), isNotNull(callRecordsTable.connectedAt)));
  return new Set(rows.flatMap((r) => (r.slotId ? [r.slotId] : [])));
}
