import {
  bigint,
  boolean,
  index,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { citizensTable } from './citizens.js';
import { municipalitiesTable } from './municipalities.js';
import { sessionSubject, sessionsTable } from './sessions.js';
import { staffTable } from './staff.js';

/**
 * A WebAuthn credential (passkey) registered as a second factor by a staff member or a citizen who chose
 * two-factor. Only public material is stored: the private key never leaves the authenticator (W3C WebAuthn
 * Level 3 §6.5), so a database leak yields nothing that signs in.
 */
export const passkeysTable = pgTable(
  'passkeys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The credential id as base64url (WebAuthn §5.1 `rawId`), unique across all authenticators. */
    credentialId: text('credential_id').notNull(),
    /** COSE public key (RFC 9052 §7), base64url. */
    publicKey: text('public_key').notNull(),
    /** Signature counter (WebAuthn §6.1.1): a clone shows up as a counter that did not grow. */
    counter: bigint('counter', { mode: 'number' }).notNull().default(0),
    transports: jsonb('transports').$type<string[]>().notNull().default([]),
    /** The person's own label ("work laptop"); never logged, never audited. */
    name: text('name').notNull(),
    backedUp: boolean('backed_up').notNull().default(false),
    subjectKind: sessionSubject('subject_kind').notNull(),
    staffId: uuid('staff_id').references(() => staffTable.id),
    citizenId: uuid('citizen_id').references(() => citizensTable.id),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalitiesTable.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('passkeys_credential_id_uq').on(t.credentialId),
    index('passkeys_staff_idx').on(t.staffId),
    index('passkeys_citizen_idx').on(t.citizenId),
  ],
);

export const webauthnPurpose = pgEnum('webauthn_purpose', ['registration', 'authentication']);

/**
 * Outstanding WebAuthn challenges, kept server-side and bound to the session that asked for them (WebAuthn
 * §13.4.3: the RP must remember the challenge it issued). At most one per session and purpose; verifying
 * deletes it first, so each challenge is used once whatever the outcome.
 */
export const webauthnChallengesTable = pgTable(
  'webauthn_challenges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessionsTable.id),
    purpose: webauthnPurpose('purpose').notNull(),
    challenge: text('challenge').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('webauthn_challenges_session_purpose_uq').on(t.sessionId, t.purpose)],
);

export type PasskeyRow = typeof passkeysTable.$inferSelect;
export type WebauthnPurpose = (typeof webauthnPurpose.enumValues)[number];
