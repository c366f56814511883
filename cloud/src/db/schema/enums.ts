import { pgEnum } from 'drizzle-orm/pg-core';

/** Postgres enums log as their names (not numbers) and reject typos at the database. */
export const unitKind = pgEnum('unit_kind', [
  'home_care_team',
  'home_guidance',
  'facility',
  'night_watch_pool',
  'support',
]);

export const staffRole = pgEnum('staff_role', [
  'staff',
  'unit_manager',
  'support',
  'vendor_support',
  'system_admin',
]);

/** A loan device's life: registered by support, enrolled by its code, lent to a citizen, wiped, retired. */
export const deviceLifecycle = pgEnum('device_lifecycle', [
  'registered',
  'enrolled',
  'lent',
  'wiping',
  'retired',
]);

/** Support's mark on a box that is out of service without being wiped away: lost, or away for repair. */
export const deviceHold = pgEnum('device_hold', ['lost', 'in_repair']);

export const commandAckStatus = pgEnum('command_ack_status', ['applied', 'rejected', 'failed']);

export const auditActorKind = pgEnum('audit_actor_kind', ['staff', 'citizen', 'device', 'system', 'scim']);

export type UnitKind = (typeof unitKind.enumValues)[number];
export type StaffRole = (typeof staffRole.enumValues)[number];
export type DeviceLifecycle = (typeof deviceLifecycle.enumValues)[number];
export type DeviceHold = (typeof deviceHold.enumValues)[number];
export type AuditActorKind = (typeof auditActorKind.enumValues)[number];
