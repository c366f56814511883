import type { DeviceCommand } from '@screenvisit/protocol';
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { citizensTable } from './citizens.js';
import { commandAckStatus, deviceHold, deviceLifecycle } from './enums.js';
import { municipalitiesTable } from './municipalities.js';

/** A loan kiosk. Its id is its MQTT username; secrets are stored only as SHA-256 hashes. */
export const devicesTable = pgTable(
  'devices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalitiesTable.id),
    /** Inventory label on the box, e.g. 'KBH-0001'. Never a person's name. */
    label: text('label').notNull(),
    hardwareId: text('hardware_id'),
    lifecycle: deviceLifecycle('lifecycle').notNull().default('registered'),
    citizenId: uuid('citizen_id').references(() => citizensTable.id),
    enrolmentCodeHash: text('enrolment_code_hash'),
    enrolmentExpiresAt: timestamp('enrolment_expires_at', { withTimezone: true }),
    credentialHash: text('credential_hash'),
    credentialRevokedAt: timestamp('credential_revoked_at', { withTimezone: true }),
    online: boolean('online').notNull().default(false),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    /**
     * The cloud node whose connection last set `online` (issue 14 §4): only that node may set it false, so a
     * fenced or frozen node's late "offline" never overwrites the node the kiosk has moved to.
     */
    presenceNode: text('presence_node'),
    state: text('state'),
    engine: text('engine'),
    software: text('software'),
    configVersion: integer('config_version').notNull().default(0),
    /**
     * The config schema the kiosk reported in its last `online` state (protocol DeviceState.configSchema); null
     * when it reported none (a kiosk from before schema 2): the cloud then shapes its configs for the oldest.
     */
    configSchema: integer('config_schema'),
    /** Lost (its credential is revoked and it wipes itself if it ever connects) or in repair; null: in service. */
    heldAs: deviceHold('held_as'),
    heldSince: timestamp('held_since', { withTimezone: true }),
    /**
     * Since when the box waits to be fetched from a closed citizen's home (devices/closed-citizen-loan.ts); null
     * when it is not. Support's kiosk list and alerts show it until support marks it collected or lends it again.
     */
    collectSince: timestamp('collect_since', { withTimezone: true }),
    /**
     * When the box was last taken back from a citizen while it held her contacts and config, not wiped since;
     * null when it holds nobody's (never lent, lent to no one since it enrolled, or wiped). While set, the cloud
     * lends it to nobody but `returnedFromCitizenId` (devices/lifecycle.ts mustWipeBeforeLending).
     */
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    /** Whom it came back from (null with returnedAt set: unknown or erased, so it is lent to no one unwiped). */
    returnedFromCitizenId: uuid('returned_from_citizen_id').references(() => citizensTable.id, {
      onDelete: 'set null',
    }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('devices_municipality_label_uq').on(t.municipalityId, t.label),
    // Redeeming looks a code up by its hash; unique so one code can never match two devices.
    uniqueIndex('devices_enrolment_code_hash_uq').on(t.enrolmentCodeHash),
    index('devices_citizen_idx').on(t.citizenId),
  ],
);

/**
 * The command OUTBOX. aedes keeps sessions in memory, so a command lives here until the device acknowledges
 * it: a cloud restart re-sends whatever is still unacked. `seq` orders commands enqueued in the same
 * transaction (they share now()), which `createdAt` alone cannot.
 */
export const deviceCommandsTable = pgTable(
  'device_commands',
  {
    id: uuid('id').primaryKey(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devicesTable.id),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<DeviceCommand>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    ackedAt: timestamp('acked_at', { withTimezone: true }),
    ackStatus: commandAckStatus('ack_status'),
    ackReason: text('ack_reason'),
  },
  (t) => [index('device_commands_pending_idx').on(t.deviceId, t.seq).where(sql`${t.ackedAt} is null`)],
);
