import { bigserial, boolean, index, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { citizensTable } from './citizens.js';
import { devicesTable } from './devices.js';

/**
 * Uptime history of LENT kiosks (issue 13 §2 "device uptime"): every DEVICE_UPTIME_SAMPLE_MINUTES the uptime
 * job (cloud/src/dashboard/uptime.ts) writes one row per lent kiosk saying whether it was online then, read
 * from `devices.online` / `devices.last_seen_at` as the device link keeps them. The weekly share online is
 * online samples / all samples, so "expected time" is the time the kiosk was lent and the cloud was running.
 * `citizen_id` scopes a sample to the citizen's units; GDPR erasure deletes it with the citizen (foreign key).
 */
export const deviceUptimeSamplesTable = pgTable(
  'device_uptime_samples',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devicesTable.id),
    citizenId: uuid('citizen_id')
      .notNull()
      .references(() => citizensTable.id),
    sampledAt: timestamp('sampled_at', { withTimezone: true }).notNull(),
    online: boolean('online').notNull(),
  },
  (t) => [
    index('device_uptime_samples_at_idx').on(t.sampledAt),
    index('device_uptime_samples_citizen_idx').on(t.citizenId, t.sampledAt),
  ],
);
