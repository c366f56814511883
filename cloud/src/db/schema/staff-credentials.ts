import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { staffTable } from './staff.js';

/**
 * A staff member's TOTP authenticator (RFC 6238). Secrets are stored sealed with AES-256-GCM under SECRETS_KEY
 * (cloud/src/kernel/secrets/secret-box.ts), so a database dump alone does not reveal them. `pendingSecretEnc` holds
 * an enrolment not yet confirmed with a code; confirming moves it to `secretEnc`.
 */
export const staffTotpTable = pgTable('staff_totp', {
  staffId: uuid('staff_id')
    .primaryKey()
    .references(() => staffTable.id),
  secretEnc: text('secret_enc'),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  /** The last RFC 6238 time step accepted: a code of this step or an older one is a replay. */
  lastUsedStep: bigint('last_used_step', { mode: 'number' }),
  pendingSecretEnc: text('pending_secret_enc'),
  pendingCreatedAt: timestamp('pending_created_at', { withTimezone: true }),
});

/** One-time recovery codes: 80 random bits each, stored as SHA-256 only; `usedAt` makes each single use. */
export const staffRecoveryCodesTable = pgTable(
  'staff_recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffTable.id),
    codeHash: text('code_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('staff_recovery_codes_staff_idx').on(t.staffId, t.codeHash)],
);

/** argon2id hashes of a staff member's recent passwords (the newest 5 are kept) for the no-reuse rule. */
export const staffPasswordHistoryTable = pgTable(
  'staff_password_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffTable.id),
    passwordHash: text('password_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('staff_password_history_staff_idx').on(t.staffId, t.createdAt)],
);

/**
 * A night-watch member's short unlock PIN (issue 10 §1): unlocks only an idle-LOCKED on-duty session of theirs,
 * never a login. argon2id like passwords (password/hashing.ts); throttled per person and per IP at the unlock.
 */
export const staffUnlockPinsTable = pgTable('staff_unlock_pins', {
  staffId: uuid('staff_id')
    .primaryKey()
    .references(() => staffTable.id),
  pinHash: text('pin_hash').notNull(),
  setAt: timestamp('set_at', { withTimezone: true }).notNull(),
});
