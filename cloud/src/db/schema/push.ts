import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { citizenCredentialsTable } from './citizen-credentials.js';
import { municipalitiesTable } from './municipalities.js';

/**
 * A Web Push subscription (RFC 8030 §4; W3C Push API `PushSubscription`) of ONE bound citizen browser. It
 * belongs to the credential, not the person: revoking the credential stops its pushes (the sender joins on
 * `revoked_at IS NULL` and deletes the rest), and deleting the credential deletes its subscriptions.
 * `p256dh` and `auth` are the browser's RFC 8291 keys (base64url); the endpoint is the push service's URL.
 */
export const pushSubscriptionsTable = pgTable(
  'push_subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    credentialId: uuid('credential_id')
      .notNull()
      .references(() => citizenCredentialsTable.id, { onDelete: 'cascade' }),
    endpoint: text('endpoint').notNull(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('push_subscriptions_endpoint_uq').on(t.endpoint),
    index('push_subscriptions_credential_idx').on(t.credentialId),
  ],
);

/**
 * A call's media quality as the browser measured it (getStats), sent once at the end of the call for
 * support's diagnostics. Numbers only: no media, no names, no addresses (candidate IPs are not kept).
 */
export const callQualityReportsTable = pgTable(
  'call_quality_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalitiesTable.id, { onDelete: 'cascade' }),
    callId: uuid('call_id').notNull(),
    side: text('side').notNull(),
    report: jsonb('report').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('call_quality_reports_call_idx').on(t.callId)],
);
