import { and, inArray, isNotNull, not, sql } from 'drizzle-orm';
import { callQualityReportsTable, callRecordsTable, type Db } from '../../db/index.js';

/**
 * "Connected (both sides had media)" (issue 13 §1), the ONE rule the outcome form, the weekly statistics, the
 * CSV, the VTV export and the dashboard use (docs/statistics.md#definitions):
 *
 *   a call is connected when it reached in_call (call_records.connected_at: offer and answer were exchanged,
 *   so both sides had set media up) AND no side that reported on it says it received nothing.
 *
 * The evidence is the getStats report each browser sends at hang-up (POST /api/calls/quality, accepted only
 * from a party of the call, stored with the side the call record gives it). Per call:
 *   media        every side that reported received media (bytes or video frames) in at least one report
 *   no_media     some side reported and received nothing: media was set up but did not flow both ways
 *   not_measured nobody reported (a kiosk sends no report, a call under ~2 s has no sample, a browser closed
 *                first): the signalling evidence stands alone and the call counts as connected. This is the
 *                honest limit of what the cloud can know; the dashboard shows how many calls rest on it.
 */
export type MediaEvidence = 'media' | 'no_media' | 'not_measured';

export function isConnectedCall(connectedAt: Date | null, evidence: MediaEvidence): boolean {
  return connectedAt !== null && evidence !== 'no_media';
}

/** A report shows received media: any received bitrate or a decoded video frame size. */
const RECEIVED_MEDIA = sql<boolean>`bool_or(coalesce((${callQualityReportsTable.report}->>'bitrateKbps')::float, 0) > 0 or coalesce((${callQualityReportsTable.report}->>'width')::int, 0) > 0)`;

/**
 * The same rule as a subquery, for queries that must leave no-media calls out in SQL: the ids of calls where
 * some side reported and received nothing. Used by: service-case/queries.ts (first successful call).
 */
export function noMediaCallIds(db: Db) {
  return db
    .select({ callId: callQualityReportsTable.callId })
    .from(callQualityReportsTable)
    .groupBy(callQualityReportsTable.callId, callQualityReportsTable.side)
    .having(not(RECEIVED_MEDIA));
}

/** The evidence of each call in `callIds` (a call with no report is `not_measured`). */
export async function mediaEvidence(db: Db, callIds: readonly string[]): Promise<Map<string, MediaEvidence>> {
  const out = new Map<string, MediaEvidence>(callIds.map((id) => [id, 'not_measured']));
  for (let i = 0; i < callIds.length; i += 5_000) {
    const chunk = callIds.slice(i, i + 5_000);
    // One row per call and side: did that side receive media in any of its reports (a reload may add one)?
    const rows = await db
      .select({ callId: callQualityReportsTable.callId, media: RECEIVED_MEDIA })
      .from(callQualityReportsTable)
      .where(inArray(callQualityReportsTable.callId, chunk))
      .groupBy(callQualityReportsTable.callId, callQualityReportsTable.side);
    for (const r of rows) {
      // Both sides must have had media: one side that received nothing makes the call no_media.
      if (!r.media) out.set(r.callId, 'no_media');
      else if (out.get(r.callId) === 'not_measured') out.set(r.callId, 'media');
    }
  }
  return out;
}

/** Of `slotIds`, those with at least one connected call (the rule above). */
export async function connectedSlotIds(db: Db, slotIds: readonly string[]): Promise<Set<string>> {
  if (slotIds.length === 0) return new Set();
  const rows = await db
    .select({
      slotId: callRecordsTable.slotId,
      callId: callRecordsTable.callId,
      connectedAt: callRecordsTable.connectedAt,
    })
    .from(callRecordsTable)
    .where(and(inArray(callRecordsTable.slotId, [...slotIds]), isNotNull(callRecordsTable.connectedAt)));
  const evidence = await mediaEvidence(
    db,
    rows.map((r) => r.callId),
  );
  return new Set(
    rows.flatMap((r) =>
      r.slotId && isConnectedCall(r.connectedAt, evidence.get(r.callId) ?? 'not_measured') ? [r.slotId] : [],
    ),
  );
}

/** Whether a call placed for this slot connected (used when its outcome is recorded). */
export async function slotConnected(db: Db, slotId: string): Promise<boolean> {
  return (await connectedSlotIds(db, [slotId])).has(slotId);
}
