import { and, eq, inArray, or } from 'drizzle-orm';
import {
  accessReviewLinesTable,
  callQualityReportsTable,
  callRecordsTable,
  citizenCredentialsTable,
  citizenEnrolmentsTable,
  type Db,
  dayPlanSlotsTable,
  pushSubscriptionsTable,
  serviceCaseEventsTable,
  serviceCasesTable,
} from '../db/index.js';

/**
 * Records about a citizen that do NOT carry a foreign key to citizens(id), so the generic catalog walk in
 * citizen-links.ts cannot find them (issue 13 §5): call records (the citizen is caller or callee by id, with
 * `connected_at`), the calls' quality reports, the push subscriptions of the citizen's bound browsers, the
 * service case's history, and the access-review lines about the citizen's relations.
 */

const callsOf = (citizenId: string) =>
  or(eq(callRecordsTable.callerId, citizenId), eq(callRecordsTable.calleeId, citizenId));

/** For the art. 15 export: ids, times and numbers; never a push endpoint's keys. */
export async function exportLinkedRecords(db: Db, citizenId: string) {
  const calls = await db.select().from(callRecordsTable).where(callsOf(citizenId));
  const callIds = calls.map((c) => c.callId);
  const quality = callIds.length
    ? await db
        .select({
          callId: callQualityReportsTable.callId,
          side: callQualityReportsTable.side,
          report: callQualityReportsTable.report,
          createdAt: callQualityReportsTable.createdAt,
        })
        .from(callQualityReportsTable)
        .where(inArray(callQualityReportsTable.callId, callIds))
    : [];
  const push = await db
    .select({
      id: pushSubscriptionsTable.id,
      credentialId: pushSubscriptionsTable.credentialId,
      endpoint: pushSubscriptionsTable.endpoint,
      createdAt: pushSubscriptionsTable.createdAt,
    })
    .from(pushSubscriptionsTable)
    .innerJoin(citizenCredentialsTable, eq(citizenCredentialsTable.id, pushSubscriptionsTable.credentialId))
    .where(eq(citizenCredentialsTable.citizenId, citizenId));
  const caseEvents = await db
    .select({
      caseId: serviceCaseEventsTable.caseId,
      transition: serviceCaseEventsTable.transition,
      fromStage: serviceCaseEventsTable.fromStage,
      toStage: serviceCaseEventsTable.toStage,
      at: serviceCaseEventsTable.at,
      byStaffId: serviceCaseEventsTable.byStaffId,
      details: serviceCaseEventsTable.details,
    })
    .from(serviceCaseEventsTable)
    .innerJoin(serviceCasesTable, eq(serviceCasesTable.id, serviceCaseEventsTable.caseId))
    .where(eq(serviceCasesTable.citizenId, citizenId));
  const reviewLines = await db
    .select({
      reviewId: accessReviewLinesTable.reviewId,
      enrolmentId: accessReviewLinesTable.subjectId,
      decision: accessReviewLinesTable.decision,
      decidedBy: accessReviewLinesTable.decidedBy,
      decidedAt: accessReviewLinesTable.decidedAt,
      automatic: accessReviewLinesTable.automatic,
    })
    .from(accessReviewLinesTable)
    .innerJoin(citizenEnrolmentsTable, eq(citizenEnrolmentsTable.id, accessReviewLinesTable.subjectId))
    .where(and(eq(accessReviewLinesTable.kind, 'relation'), eq(citizenEnrolmentsTable.citizenId, citizenId)));
  return {
    callRecords: calls.map((c) => ({
      callId: c.callId,
      callerKind: c.callerKind,
      callerId: c.callerId,
      calleeKind: c.calleeKind,
      calleeId: c.calleeId,
      answeredByStaffId: c.answeredByStaffId,
      slotId: c.slotId,
      autoAnswered: c.autoAnswered,
      ringAt: c.ringAt,
      answerAt: c.answerAt,
      connectedAt: c.connectedAt,
      endAt: c.endAt,
      endReason: c.endReason,
    })),
    callQualityReports: quality,
    // The endpoint is the push service's URL for this browser; its encryption keys are not exported.
    pushSubscriptions: push,
    serviceCaseEvents: caseEvents,
    accessReviewLines: reviewLines,
  };
}

/**
 * For art. 17 erasure, inside the erasure's transaction and BEFORE the generic deletes: the citizen's call
 * records and their quality reports go. They must go first: call_records.slot_id references day_plan_slots,
 * which the generic walk deletes (the citizen's planned visits), and would otherwise hit that foreign key.
 * Push subscriptions go with the credentials (ON DELETE CASCADE), the service case's history with the case
 * (cascade). Access-review lines hold only an enrolment id, and enrolments are kept (ended) as the history of
 * who had access; the lines stay as the record of the review. Returns rows deleted per table.
 */
export async function eraseLinkedRecords(tx: Db, citizenId: string): Promise<Record<string, number>> {
  const calls = await tx
    .select({ callId: callRecordsTable.callId })
    .from(callRecordsTable)
    .where(
      or(
        callsOf(citizenId),
        inArray(
          callRecordsTable.slotId,
          tx
            .select({ id: dayPlanSlotsTable.id })
            .from(dayPlanSlotsTable)
            .where(eq(dayPlanSlotsTable.citizenId, citizenId)),
        ),
      ),
    );
  const ids = calls.map((c) => c.callId);
  if (ids.length === 0) return { call_records: 0, call_quality_reports: 0 };
  const quality = await tx
    .delete(callQualityReportsTable)
    .where(inArray(callQualityReportsTable.callId, ids))
    .returning({ id: callQualityReportsTable.id });
  const records = await tx
    .delete(callRecordsTable)
    .where(inArray(callRecordsTable.callId, ids))
    .returning({ id: callRecordsTable.callId });
  return { call_records: records.length, call_quality_reports: quality.length };
}
