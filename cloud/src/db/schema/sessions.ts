import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { citizensTable } from './citizens.js';
import { municipalitiesTable } from './municipalities.js';
import { staffTable } from './staff.js';

export const sessionSubject = pgEnum('session_subject', ['staff', 'citizen']);
/**
 * How far a login got. Only `full` reaches data; the others reach only the step that completes them, so
 * "the first login gives no direct access to sensitive data" holds by construction.
 */
export const sessionStage = pgEnum('session_stage', ['second_factor', 'password_change', 'full']);

/**
 * Opaque session tokens: the cookie holds 32 random bytes, the table only their SHA-256, so a database leak
 * yields no usable session (OWASP Session Management Cheat Sheet).
 */
export const sessionsTable = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    subjectKind: sessionSubject('subject_kind').notNull(),
    staffId: uuid('staff_id').references(() => staffTable.id),
    citizenId: uuid('citizen_id').references(() => citizensTable.id),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalitiesTable.id),
    stage: sessionStage('stage').notNull(),
    /** password, sso, activation, device_credential, console_switch … (for the audit trail). */
    method: text('method').notNull(),
    ip: text('ip'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedReason: text('revoked_reason'),
  },
  (t) => [
    uniqueIndex('sessions_token_hash_uq').on(t.tokenHash),
    index('sessions_staff_idx').on(t.staffId),
    index('sessions_citizen_idx').on(t.citizenId),
  ],
);

export type SessionStage = (typeof sessionStage.enumValues)[number];
