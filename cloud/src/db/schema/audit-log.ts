import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { auditActorKind } from './enums.js';
import { municipalitiesTable } from './municipalities.js';

/**
 * Who did what, when. APPEND-ONLY: a trigger (drizzle/*_audit_log_append_only.sql) raises on UPDATE, DELETE
 * and TRUNCATE, so not even a bug in our code can rewrite history. GDPR erasure appends a tombstone entry
 * instead of deleting. `details` holds ids and reasons, NEVER call content or personal data.
 */
export const auditLogTable = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    municipalityId: uuid('municipality_id').references(() => municipalitiesTable.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorKind: auditActorKind('actor_kind').notNull(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    targetKind: text('target_kind'),
    // text, not uuid: some targets (audit entries, commands by seq) have other id shapes.
    targetId: text('target_id'),
    ip: text('ip'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_log_municipality_idx').on(t.municipalityId, t.id)],
);
