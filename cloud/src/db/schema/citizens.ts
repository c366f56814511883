import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { municipalitiesTable } from './municipalities.js';
import { staffTable } from './staff.js';
import { unitsTable } from './units.js';

/**
 * A citizen who receives visits. Deliberately NO CPR number and NO health data: the care records live in
 * the municipality's own systems, and a video-call service needs only a name to show on a screen
 * (GDPR art. 5(1)(c) data minimisation; docs/security.md "minimum data"). Do not add such columns here.
 */
export const citizensTable = pgTable(
  'citizens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalitiesTable.id),
    displayName: text('display_name').notNull(),
    initials: text('initials'),
    /** Reference to a stored photo (object key), never the image itself. */
    photoRef: text('photo_ref'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    /**
     * When support last lent this citizen a kiosk or took one back (lend, return, wipe). The inactivity rule
     * counts from it (db/repos/citizen-activity.ts): a resident whose kiosk is collected is warned about before
     * she is closed, rather than closed at the next run because her last login is a year old.
     */
    kioskLoanChangedAt: timestamp('kiosk_loan_changed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('citizens_municipality_idx').on(t.municipalityId)],
);

/** A citizen served by a unit. In home guidance, only `guideStaffId` calls the citizen. */
export const citizenEnrolmentsTable = pgTable(
  'citizen_enrolments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    citizenId: uuid('citizen_id')
      .notNull()
      .references(() => citizensTable.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => unitsTable.id),
    guideStaffId: uuid('guide_staff_id').references(() => staffTable.id),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    // At most one open enrolment of a citizen in a unit; ended ones stay as history.
    uniqueIndex('citizen_enrolments_open_uq').on(t.citizenId, t.unitId).where(sql`${t.endedAt} is null`),
    index('citizen_enrolments_unit_idx').on(t.unitId),
    index('citizen_enrolments_guide_idx').on(t.guideStaffId),
  ],
);
