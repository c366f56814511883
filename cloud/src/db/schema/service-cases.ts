import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { citizensTable } from './citizens.js';
import { devicesTable } from './devices.js';
import { municipalitiesTable } from './municipalities.js';
import { staffTable } from './staff.js';
import { unitsTable } from './units.js';

/**
 * The citizen's service case (issue 13 §3; seed 003, the Norwegian national service model: refer, assess and
 * assign; adapt and install; respond; evaluate and end). Stages and transitions live in
 * cloud/src/service-case/transitions.ts. Minimum data: who referred (a role or organisation, not a diagnosis),
 * the scenario, the device choice, dates. No CPR number and no health data.
 */
export const serviceCaseStage = pgEnum('service_case_stage', [
  'referred',
  'assessed',
  'assigned',
  'installed',
  'following_up',
  'ended',
]);
export const serviceScenario = pgEnum('service_scenario', ['home_care', 'home_guidance', 'facility']);
export const serviceDeviceChoice = pgEnum('service_device_choice', ['loan_kiosk', 'own_device']);

export const serviceCasesTable = pgTable(
  'service_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalitiesTable.id),
    citizenId: uuid('citizen_id')
      .notNull()
      .references(() => citizensTable.id),
    stage: serviceCaseStage('stage').notNull(),
    /** A role or organisation ("visitator", "hospital discharge"), at most 80 characters. */
    referredBy: text('referred_by').notNull(),
    referredAt: timestamp('referred_at', { withTimezone: true }).notNull(),
    scenario: serviceScenario('scenario'),
    deviceChoice: serviceDeviceChoice('device_choice'),
    unitId: uuid('unit_id').references(() => unitsTable.id),
    deviceId: uuid('device_id').references(() => devicesTable.id),
    installedAt: timestamp('installed_at', { withTimezone: true }),
    evaluationsDone: integer('evaluations_done').notNull().default(0),
    nextEvaluationAt: timestamp('next_evaluation_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** Set when the lent kiosk was wiped and back in stock; null after an end with a kiosk means "not collected". */
    deviceReturnedAt: timestamp('device_returned_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('service_cases_open_uq').on(t.citizenId).where(sql`${t.stage} <> 'ended'`),
    index('service_cases_municipality_idx').on(t.municipalityId, t.stage),
  ],
);

/** One row per transition (also in the audit log); `details` is validated by the transition table's zod schemas. */
export const serviceCaseEventsTable = pgTable(
  'service_case_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Cascade: GDPR erasure deletes the citizen's case (gdpr/erase.ts, generic by foreign key) and its history.
    caseId: uuid('case_id')
      .notNull()
      .references(() => serviceCasesTable.id, { onDelete: 'cascade' }),
    transition: text('transition').notNull(),
    fromStage: serviceCaseStage('from_stage'),
    toStage: serviceCaseStage('to_stage').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    byStaffId: uuid('by_staff_id').references(() => staffTable.id),
    details: jsonb('details').$type<unknown>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index('service_case_events_case_idx').on(t.caseId, t.at)],
);

export type ServiceCaseStage = (typeof serviceCaseStage.enumValues)[number];
