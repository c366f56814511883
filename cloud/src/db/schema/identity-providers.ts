import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { municipalitiesTable } from './municipalities.js';

/**
 * A municipality's OpenID Connect identity provider (AD FS, Entra ID) for staff single sign-on: at most one
 * per municipality. SSO never creates staff (SCIM provisions them); `usernameClaim` names the ID-token claim
 * that must equal an existing staff member's username.
 */
export const identityProvidersTable = pgTable(
  'identity_providers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalitiesTable.id),
    enabled: boolean('enabled').notNull().default(true),
    issuer: text('issuer').notNull(),
    clientId: text('client_id').notNull(),
    /**
     * Sealed with SECRETS_KEY (AES-256-GCM, kernel/secrets/secret-box.ts; the municipality id is the authenticated
     * context), so a database dump alone does not give the IdP credential. Never returned, logged or audited.
     */
    clientSecret: text('client_secret').notNull(),
    /** preferred_username | upn | email | sub. */
    usernameClaim: text('username_claim').notNull(),
    /** Whether the IdP's MFA replaces our second factor; it still has to be proven per login (amr/acr). */
    trustIdpMfa: boolean('trust_idp_mfa').notNull().default(false),
    mfaAmrValues: jsonb('mfa_amr_values').$type<string[]>().notNull().default(['mfa']),
    mfaAcrValues: jsonb('mfa_acr_values').$type<string[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('identity_providers_municipality_uq').on(t.municipalityId)],
);

/**
 * One SSO login in flight, kept server-side: the browser's cookie holds only a random handle (its SHA-256 is
 * stored). Consuming a row is one atomic UPDATE, so each authorization response is accepted at most once, on
 * any cloud node (replay protection that does not depend on the IdP refusing a reused code).
 */
export const ssoLoginAttemptsTable = pgTable(
  'sso_login_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    handleHash: text('handle_hash').notNull(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalitiesTable.id),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => identityProvidersTable.id, { onDelete: 'cascade' }),
    state: text('state').notNull(),
    nonce: text('nonce').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    redirectUri: text('redirect_uri').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('sso_login_attempts_handle_uq').on(t.handleHash),
    index('sso_login_attempts_expires_idx').on(t.expiresAt),
  ],
);

export type IdentityProviderRow = typeof identityProvidersTable.$inferSelect;
export type SsoLoginAttemptRow = typeof ssoLoginAttemptsTable.$inferSelect;
