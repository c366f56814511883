import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
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
import { citizenEnrolmentsTable, citizensTable } from './citizens.js';
import { municipalitiesTable } from './municipalities.js';
import { staffTable } from './staff.js';
import { unitsTable } from './units.js';

/**
 * The care domain (issue 4): call permissions, auto-answer, night watch, roster, day plan and call records.
 * jsonb columns are typed loosely here and validated by zod in cloud/src/care (never read them raw).
 * No health data and no call content anywhere: ids, times, types and outcomes only (docs/security.md).
 */

/** Which way a call may go on an enrolment. staff → citizen follows from the relation itself (a row only narrows it). */
export const callDirection = pgEnum('call_direction', [
  'staff_to_citizen',
  'citizen_to_staff',
  'citizen_to_night_watch',
]);

/** Explicit permission on an enrolment (a relation). Revoked rows stay as history. */
export const callPermissionsTable = pgTable(
  'call_permissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalitiesTable.id),
    enrolmentId: uuid('enrolment_id')
      .notNull()
      .references(() => citizenEnrolmentsTable.id),
    direction: callDirection('direction').notNull(),
    /** null: at any time. Otherwise TimeWindow[] (cloud/src/care/time/windows.ts) in the municipality's zone. */
    windows: jsonb('windows').$type<unknown>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => staffTable.id),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('call_permissions_open_uq').on(t.enrolmentId, t.direction).where(sql`${t.revokedAt} is null`),
    index('call_permissions_municipality_idx').on(t.municipalityId),
  ],
);

/** Per-citizen auto-answer policy. A missing row means: never answer by itself. */
export const autoAnswerPoliciesTable = pgTable(
  'auto_answer_policies',
  {
    citizenId: uuid('citizen_id')
      .primaryKey()
      .references(() => citizensTable.id),
    enabled: boolean('enabled').notNull().default(false),
    countdownSeconds: integer('countdown_seconds').notNull().default(10),
    /** { from: 'HH:mm', to: 'HH:mm' } in the municipality's zone; may span midnight. null: none. */
    quietHours: jsonb('quiet_hours').$type<unknown>(),
    doNotDisturbUntil: timestamp('do_not_disturb_until', { withTimezone: true }),
    doNotDisturbSetBy: uuid('do_not_disturb_set_by').references(() => staffTable.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [check('auto_answer_countdown_range', sql`${t.countdownSeconds} between 3 and 60`)],
);

/** Municipality-wide care settings (minutes-saved table); jsonb validated by cloud/src/care/day-plan/settings.ts. */
export const careSettingsTable = pgTable('care_settings', {
  municipalityId: uuid('municipality_id')
    .primaryKey()
    .references(() => municipalitiesTable.id),
  settings: jsonb('settings').$type<unknown>().notNull().default(sql`'{}'::jsonb`),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const ringStrategy = pgEnum('ring_strategy', ['ring_all', 'longest_idle']);

/** How a night-watch pool rings and where it escalates. A missing row means the defaults in night-watch/settings.ts. */
export const nightWatchPoolSettingsTable = pgTable('night_watch_pool_settings', {
  poolUnitId: uuid('pool_unit_id')
    .primaryKey()
    .references(() => unitsTable.id),
  strategy: ringStrategy('strategy').notNull().default('ring_all'),
  memberRingSeconds: integer('member_ring_seconds').notNull().default(20),
  answerTimeoutSeconds: integer('answer_timeout_seconds').notNull().default(60),
  queueTimeoutSeconds: integer('queue_timeout_seconds').notNull().default(300),
  fallbackPoolUnitId: uuid('fallback_pool_unit_id').references(() => unitsTable.id),
  /** A switchboard number (not a person's): shown to the citizen when the watch cannot answer. */
  fallbackPhone: text('fallback_phone'),
  /**
   * The responsible person's mobile (+45, E.164), texted at once when the pool has people on duty but none
   * reachable (issue 10 §2). A number the municipality chose for the duty, e.g. the manager on call.
   */
  alertPhone: text('alert_phone'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** Who is (or was) on duty in a pool. An open row (endedAt null) means on duty now. */
export const dutyPeriodsTable = pgTable(
  'duty_periods',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    poolUnitId: uuid('pool_unit_id')
      .notNull()
      .references(() => unitsTable.id),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffTable.id),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('duty_periods_open_uq').on(t.poolUnitId, t.staffId).where(sql`${t.endedAt} is null`),
    index('duty_periods_staff_idx').on(t.staffId),
  ],
);

export const shiftSource = pgEnum('shift_source', ['manual', 'csv', 'ical']);

/**
 * The duty roster. A row with `overridesShiftId` replaces that scheduled shift (or cancels it when `cancelled`).
 * `externalUid` (iCalendar UID, or a CSV row key) makes re-importing the same file update instead of duplicate.
 */
export const dutyShiftsTable = pgTable(
  'duty_shifts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    poolUnitId: uuid('pool_unit_id')
      .notNull()
      .references(() => unitsTable.id),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffTable.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    source: shiftSource('source').notNull(),
    externalUid: text('external_uid'),
    overridesShiftId: uuid('overrides_shift_id').references((): AnyPgColumn => dutyShiftsTable.id),
    cancelled: boolean('cancelled').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check('duty_shifts_order', sql`${t.endsAt} > ${t.startsAt}`),
    index('duty_shifts_pool_idx').on(t.poolUnitId, t.startsAt),
    index('duty_shifts_staff_idx').on(t.staffId, t.startsAt),
    uniqueIndex('duty_shifts_external_uq').on(t.poolUnitId, t.externalUid),
  ],
);

export const nightWatchCallStatus = pgEnum('night_watch_call_status', [
  'ringing',
  'queued',
  'accepted',
  'escalated',
  'missed',
]);

/**
 * A resident's call to a pool. `acceptedBy` is claimed with a conditional UPDATE (db/repos/night-watch-calls.ts)
 * so two cloud nodes can never both hand the same call to two staff members.
 */
export const nightWatchCallsTable = pgTable(
  'night_watch_calls',
  {
    id: uuid('id').primaryKey(),
    poolUnitId: uuid('pool_unit_id')
      .notNull()
      .references(() => unitsTable.id),
    citizenId: uuid('citizen_id')
      .notNull()
      .references(() => citizensTable.id),
    status: nightWatchCallStatus('status').notNull().default('ringing'),
    placedAt: timestamp('placed_at', { withTimezone: true }).notNull(),
    acceptedBy: uuid('accepted_by').references(() => staffTable.id),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    /** Why it was missed or escalated: nobody_on_duty, no_answer, queue_timeout, caller_hung_up. */
    reason: text('reason'),
    escalatedToPoolUnitId: uuid('escalated_to_pool_unit_id').references(() => unitsTable.id),
    callbackDoneAt: timestamp('callback_done_at', { withTimezone: true }),
    callbackBy: uuid('callback_by').references(() => staffTable.id),
  },
  (t) => [index('night_watch_calls_pool_idx').on(t.poolUnitId, t.status, t.placedAt)],
);

export const callSlotType = pgEnum('call_slot_type', ['medicine', 'reassurance', 'conversation', 'training']);
export const callSlotOutcome = pgEnum('call_slot_outcome', ['completed', 'no_answer', 'cancelled']);
/** How a completed slot was done: a connected screen call, or (with that as the stated reason) by phone or on site. */
export const slotCompletedVia = pgEnum('slot_completed_via', ['screen_call', 'phone', 'on_site']);

/** A planned call. `unitId` is the responsible team; `staffId` narrows it to one person (a guide). */
export const dayPlanSlotsTable = pgTable(
  'day_plan_slots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalitiesTable.id),
    citizenId: uuid('citizen_id')
      .notNull()
      .references(() => citizensTable.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => unitsTable.id),
    staffId: uuid('staff_id').references(() => staffTable.id),
    type: callSlotType('type').notNull(),
    plannedAt: timestamp('planned_at', { withTimezone: true }).notNull(),
    outcome: callSlotOutcome('outcome'),
    /** Required when cancelled (checked below); a short operational reason, never health data. */
    cancelReason: text('cancel_reason'),
    /** Set with outcome completed; only `screen_call` backed by a connected call record counts as minutes saved. */
    completedVia: slotCompletedVia('completed_via'),
    outcomeAt: timestamp('outcome_at', { withTimezone: true }),
    outcomeBy: uuid('outcome_by').references(() => staffTable.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check(
      'day_plan_cancel_reason',
      sql`${t.outcome} is distinct from 'cancelled' or coalesce(length(${t.cancelReason}), 0) > 0`,
    ),
    index('day_plan_slots_unit_idx').on(t.unitId, t.plannedAt),
    index('day_plan_slots_staff_idx').on(t.staffId, t.plannedAt),
    index('day_plan_slots_municipality_idx').on(t.municipalityId, t.plannedAt),
  ],
);

export const callPartyKind = pgEnum('call_party_kind', ['staff', 'citizen', 'device', 'pool', 'unit']);

/** One row per call, written by the call router when a call ends. Ids and times only: never content. */
export const callRecordsTable = pgTable(
  'call_records',
  {
    callId: uuid('call_id').primaryKey(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalitiesTable.id),
    callerKind: callPartyKind('caller_kind').notNull(),
    callerId: uuid('caller_id').notNull(),
    calleeKind: callPartyKind('callee_kind').notNull(),
    calleeId: uuid('callee_id').notNull(),
    /** Who took a call to a pool or unit; for a direct call, the callee when it is staff. */
    answeredByStaffId: uuid('answered_by_staff_id').references(() => staffTable.id),
    slotId: uuid('slot_id').references(() => dayPlanSlotsTable.id),
    autoAnswered: boolean('auto_answered').notNull().default(false),
    ringAt: timestamp('ring_at', { withTimezone: true }).notNull(),
    answerAt: timestamp('answer_at', { withTimezone: true }),
    /** Both sides reached in_call; null: never connected. Only connected calls count as call minutes (issue 13). */
    connectedAt: timestamp('connected_at', { withTimezone: true }),
    endAt: timestamp('end_at', { withTimezone: true }),
    /**
     * protocol EndReason: hung_up, declined, no_answer, taken_by_another, permission_revoked, failed; and
     * `unreachable`: a citizen's call to her team that rang nobody (calls/records.ts writeUnreachableRecord).
     */
    endReason: text('end_reason'),
  },
  (t) => [
    index('call_records_municipality_idx').on(t.municipalityId, t.ringAt),
    index('call_records_slot_idx').on(t.slotId),
    index('call_records_answered_by_idx').on(t.answeredByStaffId, t.endAt),
  ],
);

export type CallDirection = (typeof callDirection.enumValues)[number];
export type RingStrategy = (typeof ringStrategy.enumValues)[number];
export type CallSlotType = (typeof callSlotType.enumValues)[number];
export type CallSlotOutcome = (typeof callSlotOutcome.enumValues)[number];
export type SlotCompletedVia = (typeof slotCompletedVia.enumValues)[number];
export type CallPartyKind = (typeof callPartyKind.enumValues)[number];
export type NightWatchCallStatus = (typeof nightWatchCallStatus.enumValues)[number];
