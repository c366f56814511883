import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { unitKind } from './enums.js';
import { municipalitiesTable } from './municipalities.js';

export const unitsTable = pgTable(
  'units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalitiesTable.id),
    kind: unitKind('kind').notNull(),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('units_municipality_idx').on(t.municipalityId)],
);

/**
 * Which facilities a night-watch pool covers. That `poolUnitId` is a night_watch_pool unit and
 * `facilityUnitId` a facility is checked by the action that writes it (a CHECK cannot look at another row).
 */
export const poolCoverageTable = pgTable(
  'pool_coverage',
  {
    poolUnitId: uuid('pool_unit_id')
      .notNull()
      .references(() => unitsTable.id),
    facilityUnitId: uuid('facility_unit_id')
      .notNull()
      .references(() => unitsTable.id),
  },
  (t) => [
    primaryKey({ columns: [t.poolUnitId, t.facilityUnitId] }),
    index('pool_coverage_facility_idx').on(t.facilityUnitId),
  ],
);
