import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { citizensTable } from './citizens.js';
import { municipalitiesTable } from './municipalities.js';
import { sessionsTable } from './sessions.js';
import { staffTable } from './staff.js';

/**
 * How an activation code reaches a citizen. There is deliberately NO e-mail: the customer forbids it for this
 * group (e-mail is easily phished and often read by others). The database refuses any other value too.
 */
export const activationChannel = pgEnum('activation_channel', ['letter', 'sms', 'digital_post']);

/** How much a citizen's browser must show to get a session (docs/security.md "misuse of citizen accounts"). */
export const citizenSecurityLevel = pgEnum('citizen_security_level', [
  'device_bound',
  'device_bound_pin',
  'two_factor',
]);

/** Per-citizen login policy, kept beside (not in) the citizens table. A missing row means `device_bound`. */
export const citizenSecurityTable = pgTable('citizen_security', {
  citizenId: uuid('citizen_id')
    .primaryKey()
    .references(() => citizensTable.id),
  level: citizenSecurityLevel('level').notNull().default('device_bound'),
  /** argon2id PHC string of the 4–8 digit PIN; null unless level is device_bound_pin. */
  pinHash: text('pin_hash'),
  /**
   * The TOTP secret (RFC 6238), SEALED like staff ones (AES-256-GCM with SECRETS_KEY, bound to the citizen id:
   * kernel/secrets/secret-box.ts, citizens/totp-secret.ts), so a database dump alone does not reveal it; null
   * unless level is two_factor. Rows written as plain base32 before sealing are sealed at start-up.
   */
  totpSecretSealed: text('totp_secret'),
  /** Last accepted TOTP time step, so a code cannot be replayed within its window (RFC 6238 §5.2). */
  totpLastStep: bigint('totp_last_step', { mode: 'number' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * One-time activation codes. Only the SHA-256 of the code is stored; the phone number or Digital Post
 * recipient used to send it is NOT stored at all (minimum data). `sentAt` null: delivery did not succeed,
 * so the code cannot be redeemed.
 */
export const citizenActivationCodesTable = pgTable(
  'citizen_activation_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    citizenId: uuid('citizen_id')
      .notNull()
      .references(() => citizensTable.id),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalitiesTable.id),
    codeHash: text('code_hash').notNull(),
    channel: activationChannel('channel').notNull(),
    issuedBy: uuid('issued_by').references(() => staffTable.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    usedAt: timestamp('used_at', { withTimezone: true }),
    /** Replaced by a newer code, or its delivery failed. */
    invalidatedAt: timestamp('invalidated_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('citizen_activation_codes_hash_uq').on(t.codeHash),
    index('citizen_activation_codes_citizen_idx').on(t.citizenId),
  ],
);

/**
 * A browser bound to a citizen by redeeming a code: the cookie holds 32 random bytes, the table their SHA-256.
 * Revocable by support; revoking also ends the sessions it created (citizenCredentialSessionsTable).
 */
export const citizenCredentialsTable = pgTable(
  'citizen_credentials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    citizenId: uuid('citizen_id')
      .notNull()
      .references(() => citizensTable.id),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalitiesTable.id),
    tokenHash: text('token_hash').notNull(),
    label: text('label').notNull(),
    activationCodeId: uuid('activation_code_id').references(() => citizenActivationCodesTable.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('citizen_credentials_token_hash_uq').on(t.tokenHash),
    index('citizen_credentials_citizen_idx').on(t.citizenId),
  ],
);

/** Which sessions a credential started, so revoking the credential ends them on the next request. */
export const citizenCredentialSessionsTable = pgTable(
  'citizen_credential_sessions',
  {
    credentialId: uuid('credential_id')
      .notNull()
      .references(() => citizenCredentialsTable.id),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessionsTable.id),
  },
  (t) => [primaryKey({ columns: [t.credentialId, t.sessionId] })],
);

/**
 * Dev/demo delivery: the message a real adapter would have sent, for support to read in the demo. It holds
 * the plain code (that is its purpose), so production uses ACTIVATION_DELIVERY=live. No recipient is stored.
 */
export const activationOutboxTable = pgTable(
  'activation_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalitiesTable.id),
    citizenId: uuid('citizen_id')
      .notNull()
      .references(() => citizensTable.id),
    channel: activationChannel('channel').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('activation_outbox_municipality_idx').on(t.municipalityId, t.createdAt)],
);

export type ActivationChannelValue = (typeof activationChannel.enumValues)[number];
export type CitizenSecurityLevel = (typeof citizenSecurityLevel.enumValues)[number];
