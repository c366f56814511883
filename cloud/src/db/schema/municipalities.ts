import { sql } from 'drizzle-orm';
import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { MunicipalitySettingsInput } from './municipality-settings.js';

export const municipalitiesTable = pgTable('municipalities', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  /** IANA zone for quiet hours and reports. */
  timeZone: text('time_zone').notNull().default('Europe/Copenhagen'),
  settings: jsonb('settings').$type<MunicipalitySettingsInput>().notNull().default(sql`'{}'::jsonb`),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
