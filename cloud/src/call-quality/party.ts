import { and, eq } from 'drizzle-orm';
import { callRecordsTable, type Db, devicesTable } from '../db/index.js';
import type { Principal } from '../kernel/principal.js';

export type CallSide = 'caller' | 'callee';
export type CallRecordRow = typeof callRecordsTable.$inferSelect;

/** The call's record in this municipality, or null (a call of another municipality reads as unknown). */
export async function findCallRecord(db: Db, municipalityId: string, callId: string) {
  const [row] = await db
    .select()
    .from(callRecordsTable)
    .where(and(eq(callRecordsTable.callId, callId), eq(callRecordsTable.municipalityId, municipalityId)));
  return row ?? null;
}

/**
 * Which side of the call the sender took part on, or null when they were no party of it (issue 13: a quality
 * report is evidence for "connected", so only the call's own parties may give it). The parties, as
 * calls/records.ts writes them: the caller (staff, or a citizen: a kiosk caller is recorded as its citizen);
 * the callee as placed (a staff member, a citizen, or a kiosk acting for the citizen it is lent to); and for a
 * call to a team or night-watch pool, the staff member who answered it.
 */
export async function sideOf(db: Db, record: CallRecordRow, who: Principal): Promise<CallSide | null> {
  if (record.callerKind === who.kind && record.callerId === who.id) return 'caller';
  if (record.calleeKind === who.kind && record.calleeId === who.id) return 'callee';
  if (who.kind === 'staff' && record.answeredByStaffId === who.id) return 'callee';
  if (who.kind === 'citizen' && record.calleeKind === 'device') {
    const [device] = await db
      .select({ citizenId: devicesTable.citizenId })
      .from(devicesTable)
      .where(eq(devicesTable.id, record.calleeId));
    if (device?.citizenId === who.id) return 'callee';
  }
  return null;
}
