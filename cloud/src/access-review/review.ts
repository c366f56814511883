import { and, eq, isNull, lte } from 'drizzle-orm';
import { z } from 'zod';
import {
  accessReviewLinesTable,
  accessReviewsTable,
  appendAudit,
  callPermissionsTable,
  citizenEnrolmentsTable,
  type Db,
  unitMembershipsTable,
} from '../db/index.js';

/**
 * Periodic access review (issue 13 §4; seed 003: access is reviewed twice a year per unit). A review snapshots
 * every access line of one unit: staff memberships (who has access) and open citizen relations (who may be
 * called). The unit manager confirms or removes each; at the deadline the sweep removes every line nobody
 * confirmed. Removing is the safe default: an access nobody vouches for is an access nobody needs.
 * Every decision, by a person or by the sweep, is one audit line.
 */
export const AccessReviewPolicy = z
  .object({
    /** Twice a year by default. */
    everyMonths: z.number().int().min(1).max(24).default(6),
    answerWithinDays: z.number().int().min(1).max(90).default(30),
  })
  .strict();
export type AccessReviewPolicy = z.output<typeof AccessReviewPolicy>;

export type Decision = 'confirmed' | 'removed';
type Line = typeof accessReviewLinesTable.$inferSelect;

export async function openReview(
  db: Db,
  input: { municipalityId: string; unitId: string; at: Date; policy: AccessReviewPolicy },
): Promise<string> {
  const deadline = new Date(input.at.getTime() + input.policy.answerWithinDays * 86_400_000);
  return db.transaction(async (tx) => {
    const [review] = await tx
      .insert(accessReviewsTable)
      .values({ municipalityId: input.municipalityId, unitId: input.unitId, openedAt: input.at, deadline })
      .returning({ id: accessReviewsTable.id });
    const members = await tx
      .select({ staffId: unitMembershipsTable.staffId })
      .from(unitMembershipsTable)
      .where(eq(unitMembershipsTable.unitId, input.unitId));
    const relations = await tx
      .select({ id: citizenEnrolmentsTable.id })
      .from(citizenEnrolmentsTable)
      .where(and(eq(citizenEnrolmentsTable.unitId, input.unitId), isNull(citizenEnrolmentsTable.endedAt)));
    const lines = [
      ...members.map((m) => ({ reviewId: review!.id, kind: 'membership' as const, subjectId: m.staffId })),
      ...relations.map((r) => ({ reviewId: review!.id, kind: 'relation' as const, subjectId: r.id })),
    ];
    if (lines.length) await tx.insert(accessReviewLinesTable).values(lines);
    await appendAudit(tx, {
      municipalityId: input.municipalityId,
      at: input.at,
      actorKind: 'system',
      action: 'access_review.opened',
      targetKind: 'unit',
      targetId: input.unitId,
      details: { reviewId: review!.id, lines: lines.length, deadline: deadline.toISOString() },
    });
    return review!.id;
  });
}

/**
 * A relation a review ended: whose, so the caller pushes her kiosks' night-watch hours once the removal is
 * committed (her night-watch permission may have gone with it: the lamp must go out).
 */
export interface EndedRelation {
  readonly municipalityId: string;
  readonly citizenId: string;
}

/**
 * Takes the access away: a membership is deleted; a relation is ended and its call permissions revoked. Returns
 * the citizen whose relation it ended (null for a membership, or a relation already closed).
 */
async function removeAccess(db: Db, unitId: string, line: Line, at: Date): Promise<string | null> {
  if (line.kind === 'membership') {
    await db
      .delete(unitMembershipsTable)
      .where(and(eq(unitMembershipsTable.unitId, unitId), eq(unitMembershipsTable.staffId, line.subjectId)));
    return null;
  }
  const [ended] = await db
    .update(citizenEnrolmentsTable)
    .set({ endedAt: at })
    .where(and(eq(citizenEnrolmentsTable.id, line.subjectId), isNull(citizenEnrolmentsTable.endedAt)))
    .returning({ citizenId: citizenEnrolmentsTable.citizenId });
  await db
    .update(callPermissionsTable)
    .set({ revokedAt: at })
    .where(and(eq(callPermissionsTable.enrolmentId, line.subjectId), isNull(callPermissionsTable.revokedAt)));
  return ended?.citizenId ?? null;
}

export class ReviewLineError extends Error {
  override readonly name = 'ReviewLineError';
  constructor(readonly reason: 'not_found' | 'already_decided' | 'closed') {
    super(`review line: ${reason}`);
  }
}

/**
 * A person's decision on one undecided line of an open review (once; a second answer is refused). Returns the
 * relation it ended, if it removed one.
 */
export async function decideLine(
  db: Db,
  input: { lineId: string; decision: Decision; by: string; at: Date; municipalityId: string },
): Promise<EndedRelation | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ line: accessReviewLinesTable, review: accessReviewsTable })
      .from(accessReviewLinesTable)
      .innerJoin(accessReviewsTable, eq(accessReviewsTable.id, accessReviewLinesTable.reviewId))
      .where(
        and(
          eq(accessReviewLinesTable.id, input.lineId),
          eq(accessReviewsTable.municipalityId, input.municipalityId),
        ),
      );
    if (!row) throw new ReviewLineError('not_found');
    if (row.review.closedAt) throw new ReviewLineError('closed');
    const updated = await tx
      .update(accessReviewLinesTable)
      .set({ decision: input.decision, decidedBy: input.by, decidedAt: input.at })
      .where(and(eq(accessReviewLinesTable.id, input.lineId), isNull(accessReviewLinesTable.decision)))
      .returning({ id: accessReviewLinesTable.id });
    if (updated.length === 0) throw new ReviewLineError('already_decided');
    const citizenId =
      input.decision === 'removed' ? await removeAccess(tx, row.review.unitId, row.line, input.at) : null;
    await appendAudit(tx, {
      municipalityId: input.municipalityId,
      at: input.at,
      actorKind: 'staff',
      actorId: input.by,
      action: `access_review.${input.decision}`,
      targetKind: row.line.kind === 'membership' ? 'staff' : 'enrolment',
      targetId: row.line.subjectId,
      details: { reviewId: row.review.id, lineId: row.line.id, unitId: row.review.unitId },
    });
    return citizenId ? { municipalityId: input.municipalityId, citizenId } : null;
  });
}

/**
 * At each review's deadline: every line nobody decided is removed (automatic = true) and audited, and the
 * review closes. Idempotent: a closed review is never swept again. Returns how many lines were removed, and the
 * relations that ended (committed by then).
 */
export async function sweepDeadlines(
  db: Db,
  now: Date,
): Promise<{ removed: number; relationsEnded: EndedRelation[] }> {
  const due = await db
    .select()
    .from(accessReviewsTable)
    .where(and(isNull(accessReviewsTable.closedAt), lte(accessReviewsTable.deadline, now)));
  let removed = 0;
  const relationsEnded: EndedRelation[] = [];
  for (const review of due)
    await db.transaction(async (tx) => {
      const open = await tx
        .update(accessReviewLinesTable)
        .set({ decision: 'removed', decidedAt: now, automatic: true })
        .where(and(eq(accessReviewLinesTable.reviewId, review.id), isNull(accessReviewLinesTable.decision)))
        .returning();
      const ended: EndedRelation[] = [];
      for (const line of open) {
        const citizenId = await removeAccess(tx, review.unitId, line, now);
        if (citizenId) ended.push({ municipalityId: review.municipalityId, citizenId });
        await appendAudit(tx, {
          municipalityId: review.municipalityId,
          at: now,
          actorKind: 'system',
          action: 'access_review.removed_at_deadline',
          targetKind: line.kind === 'membership' ? 'staff' : 'enrolment',
          targetId: line.subjectId,
          details: { reviewId: review.id, lineId: line.id, unitId: review.unitId },
        });
      }
      await tx.update(accessReviewsTable).set({ closedAt: now }).where(eq(accessReviewsTable.id, review.id));
      removed += open.length;
      relationsEnded.push(...ended);
    });
  return { removed, relationsEnded };
}
