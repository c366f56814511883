import { index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { staffRole } from './enums.js';
import { municipalitiesTable } from './municipalities.js';
import { unitsTable } from './units.js';

export const staffTable = pgTable(
  'staff',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalitiesTable.id),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    role: staffRole('role').notNull().default('staff'),
    /** argon2id (PHC string). null: no local password (SSO/SCIM-only, or not yet set). */
    passwordHash: text('password_hash'),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('staff_municipality_username_uq').on(t.municipalityId, t.username)],
);

export const unitMembershipsTable = pgTable(
  'unit_memberships',
  {
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffTable.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => unitsTable.id),
    since: timestamp('since', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.unitId] }), index('unit_memberships_unit_idx').on(t.unitId)],
);
