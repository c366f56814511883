import { sql } from 'drizzle-orm';
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
  (t) => [
    index('audit_log_municipality_idx').on(t.municipalityId, t.id),
    // A kiosk's last return or wipe request (devices/queries.ts returnedUnwiped, read on every poll of support's
    // kiosk page): partial, so the one index entry per return or wipe costs nothing on the other audit writes,
    // and a kiosk in stock that was never lent is answered from an empty range instead of a walk backwards
    // through the municipality's whole audit history.
    index('audit_log_device_loan_idx')
      .on(t.targetId, t.id)
      .where(sql`${t.action} in ('device.returned', 'device.wipe_requested')`),
  ],
);
