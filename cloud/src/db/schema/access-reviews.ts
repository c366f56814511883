import { boolean, index, pgEnum, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { municipalitiesTable } from './municipalities.js';
import { staffTable } from './staff.js';
import { unitsTable } from './units.js';

/**
 * Periodic access review per unit (issue 13 §4; seed 003: twice-yearly reviews). A review snapshots every access
 * line of the unit; the unit manager confirms or removes each; what is undecided at the deadline is removed by
 * the sweeper (cloud/src/access-review/) and audited.
 */
export const accessReviewLineKind = pgEnum('access_review_line_kind', ['membership', 'relation']);
export const accessReviewDecision = pgEnum('access_review_decision', ['confirmed', 'removed']);

export const accessReviewsTable = pgTable(
  'access_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalitiesTable.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => unitsTable.id),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [index('access_reviews_unit_idx').on(t.unitId, t.openedAt)],
);

export const accessReviewLinesTable = pgTable(
  'access_review_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reviewId: uuid('review_id')
      .notNull()
      .references(() => accessReviewsTable.id),
    kind: accessReviewLineKind('kind').notNull(),
    /**
     * membership: the staff member; relation: the citizen enrolment (citizen_enrolments.id). No names are copied
     * here (they are looked up when shown), so erasing a citizen leaves nothing of them in a review.
     */
    subjectId: uuid('subject_id').notNull(),
    decision: accessReviewDecision('decision'),
    decidedBy: uuid('decided_by').references(() => staffTable.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** true: removed by the deadline sweep, not by a person. */
    automatic: boolean('automatic').notNull().default(false),
  },
  (t) => [index('access_review_lines_review_idx').on(t.reviewId)],
);

export type AccessReviewLineKind = (typeof accessReviewLineKind.enumValues)[number];
