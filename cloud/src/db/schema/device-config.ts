import type { DeviceConfig } from '@screenvisit/protocol';
import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { devicesTable } from './devices.js';
import { deviceLifecycle } from './enums.js';

/**
 * Every target configuration support pushed to a device, one row per version (1, 2, …): the newest row is the
 * target, `devices.config_version` is what the kiosk last reported applied. `commandId` is the outbox entry
 * that carries it. Contacts are display names of units (never of citizens).
 */
export const deviceConfigsTable = pgTable(
  'device_configs',
  {
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devicesTable.id),
    version: integer('version').notNull(),
    config: jsonb('config').$type<DeviceConfig>().notNull(),
    commandId: uuid('command_id').notNull(),
    createdByStaffId: uuid('created_by_staff_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    appliedAt: timestamp('applied_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.deviceId, t.version] })],
);

/** The last heartbeat's health figures (issue 6 item 8); last-seen itself stays on `devices.last_seen_at`. */
export const deviceHealthTable = pgTable('device_health', {
  deviceId: uuid('device_id')
    .primaryKey()
    .references(() => devicesTable.id),
  uptimeS: integer('uptime_s').notNull(),
  rttMs: doublePrecision('rtt_ms'),
  temperatureC: doublePrecision('temperature_c'),
  reportedAt: timestamp('reported_at', { withTimezone: true }).notNull(),
});

/** How a wipe ended: the kiosk acknowledged it online, or the broker refused it at CONNECT (CONNACK 5). */
export const wipeSettlement = pgEnum('wipe_settlement', ['ack', 'refusal']);

/**
 * Remote wipes. The row's id is the `wipe` command's id in the outbox. `thenLifecycle` is where the device goes
 * once the wipe is settled: back to `registered` for re-enrolment, or `retired`.
 */
export const deviceWipesTable = pgTable(
  'device_wipes',
  {
    id: uuid('id').primaryKey(),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devicesTable.id),
    thenLifecycle: deviceLifecycle('then_lifecycle').notNull(),
    requestedByStaffId: uuid('requested_by_staff_id'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    settledAt: timestamp('settled_at', { withTimezone: true }),
    settledBy: wipeSettlement('settled_by'),
  },
  (t) => [index('device_wipes_device_idx').on(t.deviceId)],
);
