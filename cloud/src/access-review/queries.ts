import { and, desc, eq, inArray } from 'drizzle-orm';
import {
  accessReviewLinesTable,
  accessReviewsTable,
  citizenEnrolmentsTable,
  citizensTable,
  type Db,
  staffTable,
  unitMembershipsTable,
  unitsTable,
} from '../db/index.js';
import type { Principal } from '../kernel/principal.js';

export interface ReviewLineView {
  id: string;
  kind: 'membership' | 'relation';
  subjectId: string;
  /** Looked up now, never copied into the review: an erased citizen shows as erased here too. */
  name: string;
  /** membership: the staff role; relation: the citizen's unit. */
  detail: string;
  decision: 'confirmed' | 'removed' | null;
  decidedBy: string | null;
  decidedAt: string | null;
  automatic: boolean;
}

export interface ReviewView {
  id: string;
  unitId: string;
  unitName: string;
  openedAt: string;
  deadline: string;
  closedAt: string | null;
  counts: { total: number; confirmed: number; removed: number; undecided: number; automatic: number };
  /** The principal manages this unit and the review is open: they may decide its lines. */
  mayDecide: boolean;
  lines: ReviewLineView[];
}

/**
 * The latest review of each unit in scope. A unit manager sees their own units with every line (names looked
 * up); support sees every unit's status and counts (issue 13 §4: "Support sees the review status per unit"),
 * lines included so a question can be answered, but decides none.
 */
export async function listReviews(db: Db, principal: Principal): Promise<ReviewView[]> {
  const units = await db
    .select({ id: unitsTable.id, name: unitsTable.name })
    .from(unitsTable)
    .where(eq(unitsTable.municipalityId, principal.municipalityId));
  const own = new Set(
    (
      await db
        .select({ unitId: unitMembershipsTable.unitId })
        .from(unitMembershipsTable)
        .where(eq(unitMembershipsTable.staffId, principal.id))
    ).map((r) => r.unitId),
  );
  const visible = principal.role === 'support' ? units : units.filter((u) => own.has(u.id));
  if (visible.length === 0) return [];
  const reviews = await db
    .select()
    .from(accessReviewsTable)
    .where(
      inArray(
        accessReviewsTable.unitId,
        visible.map((u) => u.id),
      ),
    )
    .orderBy(desc(accessReviewsTable.openedAt));
  const latest = new Map<string, (typeof reviews)[number]>();
  for (const r of reviews) if (!latest.has(r.unitId)) latest.set(r.unitId, r);
  const out: ReviewView[] = [];
  for (const unit of visible) {
    const review = latest.get(unit.id);
    if (!review) continue;
    const lines = await linesOf(db, review.id);
    const count = (f: (l: ReviewLineView) => boolean) => lines.filter(f).length;
    out.push({
      id: review.id,
      unitId: unit.id,
      unitName: unit.name,
      openedAt: review.openedAt.toISOString(),
      deadline: review.deadline.toISOString(),
      closedAt: review.closedAt?.toISOString() ?? null,
      counts: {
        total: lines.length,
        confirmed: count((l) => l.decision === 'confirmed'),
        removed: count((l) => l.decision === 'removed'),
        undecided: count((l) => l.decision === null),
        automatic: count((l) => l.automatic),
      },
      mayDecide: principal.role === 'unit_manager' && own.has(unit.id) && review.closedAt === null,
      lines,
    });
  }
  return out;
}

async function linesOf(db: Db, reviewId: string): Promise<ReviewLineView[]> {
  const rows = await db
    .select()
    .from(accessReviewLinesTable)
    .where(eq(accessReviewLinesTable.reviewId, reviewId));
  const staffIds = rows.filter((r) => r.kind === 'membership').map((r) => r.subjectId);
  const enrolmentIds = rows.filter((r) => r.kind === 'relation').map((r) => r.subjectId);
  const staff = staffIds.length
    ? await db
        .select({ id: staffTable.id, name: staffTable.displayName, role: staffTable.role })
        .from(staffTable)
        .where(inArray(staffTable.id, staffIds))
    : [];
  const relations = enrolmentIds.length
    ? await db
        .select({
          id: citizenEnrolmentsTable.id,
          name: citizensTable.displayName,
          unit: unitsTable.name,
        })
        .from(citizenEnrolmentsTable)
        .innerJoin(citizensTable, eq(citizensTable.id, citizenEnrolmentsTable.citizenId))
        .innerJoin(unitsTable, eq(unitsTable.id, citizenEnrolmentsTable.unitId))
        .where(inArray(citizenEnrolmentsTable.id, enrolmentIds))
    : [];
  const staffBy = new Map(staff.map((s) => [s.id, s]));
  const relBy = new Map(relations.map((r) => [r.id, r]));
  return rows
    .map((r) => {
      const s = r.kind === 'membership' ? staffBy.get(r.subjectId) : undefined;
      const rel = r.kind === 'relation' ? relBy.get(r.subjectId) : undefined;
      return {
        id: r.id,
        kind: r.kind,
        subjectId: r.subjectId,
        name: s?.name ?? rel?.name ?? '–',
        detail: s?.role ?? rel?.unit ?? '',
        decision: r.decision,
        decidedBy: r.decidedBy,
        decidedAt: r.decidedAt?.toISOString() ?? null,
        automatic: r.automatic,
      };
    })
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name, 'da'));
}

/** The unit of a line's review, if the line is in the principal's municipality (for the manager check). */
export async function lineUnit(db: Db, principal: Principal, lineId: string): Promise<string | null> {
  const [row] = await db
    .select({ unitId: accessReviewsTable.unitId })
    .from(accessReviewLinesTable)
    .innerJoin(accessReviewsTable, eq(accessReviewsTable.id, accessReviewLinesTable.reviewId))
    .where(
      and(
        eq(accessReviewLinesTable.id, lineId),
        eq(accessReviewsTable.municipalityId, principal.municipalityId),
      ),
    );
  return row?.unitId ?? null;
}
