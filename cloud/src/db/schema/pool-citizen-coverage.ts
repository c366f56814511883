import { index, pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core';
import { citizensTable } from './citizens.js';
import { unitsTable } from './units.js';

/**
 * A night-watch pool that covers a citizen directly (issue 4 §3 "Pools cover a set of facilities or
 * citizens"): e.g. a home-care citizen at night, who lives in no facility. Coverage alone allows no call;
 * the citizen also needs a citizen_to_night_watch permission on an active enrolment (care/permissions/decide.ts).
 * Rows go with the pool or the citizen (cascade): coverage is configuration, not history.
 */
export const poolCitizenCoverageTable = pgTable(
  'pool_citizen_coverage',
  {
    poolUnitId: uuid('pool_unit_id')
      .notNull()
      .references(() => unitsTable.id, { onDelete: 'cascade' }),
    citizenId: uuid('citizen_id')
      .notNull()
      .references(() => citizensTable.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.poolUnitId, t.citizenId] }),
    index('pool_citizen_coverage_citizen_idx').on(t.citizenId),
  ],
);
