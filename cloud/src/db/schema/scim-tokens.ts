import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { municipalitiesTable } from './municipalities.js';

/**
 * SCIM bearer tokens, one or more per municipality (RFC 7644 §2: the protocol leaves authentication to
 * the HTTP layer; Entra ID sends a long-lived bearer token). Only the SHA-256 of the token is stored, like
 * sessions: a database leak yields no usable token. A token acts only within its municipality.
 */
export const scimTokensTable = pgTable(
  'scim_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalitiesTable.id),
    tokenHash: text('token_hash').notNull(),
    /** What the token is for, e.g. 'entra-prod'. Not a person's name. */
    label: text('label').notNull(),
    createdByStaffId: uuid('created_by_staff_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('scim_tokens_hash_uq').on(t.tokenHash),
    index('scim_tokens_municipality_idx').on(t.municipalityId),
  ],
);

export const scimResourceKind = pgEnum('scim_resource_kind', ['user', 'group']);

/**
 * The identity provider's `externalId` (RFC 7643 §3.1) for a staff member (user) or unit (group). Kept
 * apart from the staff and units tables so provisioning stays an add-on. Entra sends its object id here.
 */
export const scimExternalIdsTable = pgTable(
  'scim_external_ids',
  {
    kind: scimResourceKind('kind').notNull(),
    resourceId: uuid('resource_id').notNull(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalitiesTable.id),
    externalId: text('external_id').notNull(),
  },
  (t) => [
    uniqueIndex('scim_external_ids_resource_uq').on(t.kind, t.resourceId),
    uniqueIndex('scim_external_ids_external_uq').on(t.municipalityId, t.kind, t.externalId),
  ],
);
