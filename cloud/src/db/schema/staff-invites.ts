import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { municipalitiesTable } from './municipalities.js';
import { staffTable } from './staff.js';

/**
 * One-time invitations for staff with no password yet (issue 12 §1: imported or newly created staff). Support
 * issues one and hands the link over in person or in a letter; it is never e-mailed with a password. Only the
 * SHA-256 of the token is stored (like sessions and SCIM tokens), so a database leak yields no usable link.
 * Single use: `usedAt` is set in the same UPDATE that accepts it. States: staff/invites/invite-states.ts.
 */
export const staffInvitesTable = pgTable(
  'staff_invites',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalitiesTable.id),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffTable.id),
    tokenHash: text('token_hash').notNull(),
    createdByStaffId: uuid('created_by_staff_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('staff_invites_hash_uq').on(t.tokenHash),
    index('staff_invites_staff_idx').on(t.staffId),
  ],
);

/**
 * Read-only bearer tokens for an on-call system to poll `GET /api/alerts` without a browser session (issue 12
 * §3). Created by support or a system administrator, shown once, stored as SHA-256, revocable, audited.
 */
export const alertTokensTable = pgTable(
  'alert_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalitiesTable.id),
    tokenHash: text('token_hash').notNull(),
    /** What the token is for, e.g. 'opsgenie'. Not a person's name. */
    label: text('label').notNull(),
    createdByStaffId: uuid('created_by_staff_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('alert_tokens_hash_uq').on(t.tokenHash),
    index('alert_tokens_municipality_idx').on(t.municipalityId),
  ],
);
