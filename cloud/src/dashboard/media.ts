import { and, eq, inArray, sql } from 'drizzle-orm';
import { callQualityReportsTable, type Db } from '../db/index.js';

/**
 * What the browsers MEASURED about a connected call (issue 13: "connected" should mean media where it can be
 * measured). `call_records.connected_at` is set when the SDP answer was relayed (calls/relay.ts), i.e. both
 * sides set up media; it does not prove media flowed. A browser sends a getStats report at hang-up
 * (call-quality/); a kiosk does not, and a call under ~2 s has no sample. So each connected call is one of:
 *   media        some report shows received bitrate > 0 or a video resolution
 *   no_media     reports exist and none shows any (media was set up but did not flow)
 *   not_measured no report (a kiosk-only call, a very short call, or a browser closed before reporting)
 */
export type MediaEvidence = 'media' | 'no_media' | 'not_measured';

export async function mediaEvidence(
  db: Db,
  municipalityId: string,
  callIds: readonly string[],
): Promise<Map<string, MediaEvidence>> {
  const out = new Map<string, MediaEvidence>(callIds.map((id) => [id, 'not_measured']));
  for (let i = 0; i < callIds.length; i += 5_000) {
    const chunk = callIds.slice(i, i + 5_000);
    const rows = await db
      .select({
        callId: callQualityReportsTable.callId,
        media: sql<boolean>`bool_or(coalesce((${callQualityReportsTable.report}->>'bitrateKbps')::float, 0) > 0 or coalesce((${callQualityReportsTable.report}->>'width')::int, 0) > 0)`,
      })
      .from(callQualityReportsTable)
      .where(
        and(
          eq(callQualityReportsTable.municipalityId, municipalityId),
          inArray(callQualityReportsTable.callId, chunk),
        ),
      )
      .groupBy(callQualityReportsTable.callId);
    for (const r of rows) out.set(r.callId, r.media ? 'media' : 'no_media');
  }
  return out;
}
