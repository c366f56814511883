import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import {
  appendAudit,
  citizensTable,
  type Db,
  type Device,
  devicesTable,
  issueEnrolmentCode,
  registerDevice,
} from '../db/index.js';
import { AppError } from '../kernel/errors.js';
import {
  CLEARED_RETURN,
  lifecyclesAccepting,
  mustWipeBeforeLending,
  nextLifecycle,
  returnMark,
} from './lifecycle.js';
import { type DeviceActor, deviceOf } from './scoped-device.js';

/** Inventory actions (support): register a loan device, issue its enrolment code, lend it, take it back. */

async function audit(
  db: Db,
  municipalityId: string,
  actor: DeviceActor,
  action: string,
  device: string,
  details = {},
) {
  await appendAudit(db, {
    municipalityId,
    actorKind: 'staff',
    actorId: actor.staffId,
    action,
    targetKind: 'device',
    targetId: device,
    ip: actor.ip,
    details,
  });
}

/** Used by: POST /api/devices. The label is the inventory sticker on the box, never a person's name. */
export async function registerLoanDevice(
  db: Db,
  input: { municipalityId: string; label: string; actor: DeviceActor },
): Promise<Device> {
  const device = await registerDevice(db, { municipalityId: input.municipalityId, label: input.label });
  await audit(db, input.municipalityId, input.actor, 'device.registered', device.id);
  return device;
}

/** Used by: POST /api/devices/{id}/enrolment-code. The plain code is returned this once, stored hashed. */
export async function issueCode(
  db: Db,
  input: { municipalityId: string; deviceId: string; actor: DeviceActor; ttlMs: number; now: Date },
): Promise<{ code: string; expiresAt: Date }> {
  const device = await deviceOf(db, input.municipalityId, input.deviceId);
  const code = await issueEnrolmentCode(db, device.id, { ttlMs: input.ttlMs, now: input.now });
  await audit(db, input.municipalityId, input.actor, 'device.enrolment_code_issued', device.id);
  return { code, expiresAt: new Date(input.now.getTime() + input.ttlMs) };
}

/** 409 for lending a box taken back, not wiped, to someone else (mustWipeBeforeLending). */
export const WIPE_BEFORE_LENDING =
  'This kiosk was taken back from another citizen and still holds their contacts: wipe it before lending it to someone else.';

/**
 * Used by: POST /api/devices/{id}/lend. An enrolled device becomes `lent`; a registered one keeps
 * `registered` and becomes `lent` when it enrols (redeemEnrolmentCode). One loan device per citizen.
 */
export async function lendDevice(
  db: Db,
  input: { municipalityId: string; deviceId: string; citizenId: string; actor: DeviceActor; now: Date },
): Promise<Device> {
  const device = await deviceOf(db, input.municipalityId, input.deviceId);
  if (device.heldAs) {
    throw AppError.conflict(
      device.heldAs === 'lost'
        ? 'This device is marked lost. Mark it back in service first.'
        : 'This device is marked in repair. Mark it back in service first.',
    );
  }
  const [citizen] = await db
    .select({ id: citizensTable.id, disabledAt: citizensTable.disabledAt })
    .from(citizensTable)
    .where(
      and(eq(citizensTable.id, input.citizenId), eq(citizensTable.municipalityId, input.municipalityId)),
    );
  if (!citizen) throw AppError.notFound('Citizen');
  if (citizen.disabledAt) throw AppError.conflict('This citizen is disabled.');
  const [other] = await db
    .select({ id: devicesTable.id })
    .from(devicesTable)
    .where(eq(devicesTable.citizenId, citizen.id));
  if (other && other.id !== device.id) throw AppError.conflict('This citizen already has a loan device.');
  if (mustWipeBeforeLending(device, citizen.id)) throw AppError.conflict(WIPE_BEFORE_LENDING);
  const [lent] = await db
    .update(devicesTable)
    .set({
      citizenId: citizen.id,
      lifecycle: nextLifecycle(device.lifecycle, 'lend') ?? device.lifecycle,
      // Lent again: it is in someone's hands, no longer waiting to be fetched from a closed citizen.
      collectSince: null,
      // Unmarked, or back to the citizen it came from (mustWipeBeforeLending): nobody else's data is on it.
      ...CLEARED_RETURN,
    })
    .where(
      and(
        eq(devicesTable.id, device.id),
        isNull(devicesTable.citizenId),
        inArray(devicesTable.lifecycle, lifecyclesAccepting('lend')),
        // The checks above, again in the UPDATE: a return, a hold or a wipe in between must not be lent over.
        isNull(devicesTable.heldAs),
        or(isNull(devicesTable.returnedAt), eq(devicesTable.returnedFromCitizenId, citizen.id)),
      ),
    )
    .returning();
  if (!lent) throw AppError.conflict('Only a device in stock can be lent: return or wipe it first.');
  await markKioskLoanChanged(db, citizen.id, input.now);
  await audit(db, input.municipalityId, input.actor, 'device.lent', device.id, { citizenId: citizen.id });
  return lent;
}

/**
 * Used by: POST /api/devices/{id}/return. The box is back on the shelf, still enrolled until it is wiped, and
 * marked returned (lifecycle.ts returnMark) when it held the citizen's data.
 */
export async function returnDevice(
  db: Db,
  input: { municipalityId: string; deviceId: string; actor: DeviceActor; now: Date },
): Promise<Device> {
  const device = await deviceOf(db, input.municipalityId, input.deviceId);
  if (!device.citizenId) throw AppError.conflict('This device is not lent to anyone.');
  const [returned] = await db
    .update(devicesTable)
    .set({
      citizenId: null,
      lifecycle: nextLifecycle(device.lifecycle, 'return') ?? device.lifecycle,
      // Not wiped: it holds her contacts and config, so it goes to nobody else before a wipe (lifecycle.ts).
      ...(returnMark(device, input.now) ?? {}),
      // A kiosk taken back before it was ever enrolled: the code on the letter left at her home stops working,
      // so the box on the shelf cannot be enrolled with it (support engineer's walk, 2026-12-08).
      enrolmentCodeHash: null,
      enrolmentExpiresAt: null,
    })
    .where(and(eq(devicesTable.id, device.id), eq(devicesTable.citizenId, device.citizenId)))
    .returning();
  if (!returned) throw AppError.conflict('This device changed meanwhile; try again.');
  await markKioskLoanChanged(db, device.citizenId, input.now);
  await audit(db, input.municipalityId, input.actor, 'device.returned', device.id);
  return returned;
}

/**
 * A kiosk lent to or taken back from a citizen is the citizen's account in use (db/repos/citizen-activity.ts):
 * the inactivity count starts again, so a resident whose kiosk is collected is warned about before she is closed.
 */
export async function markKioskLoanChanged(db: Db, citizenId: string, now: Date): Promise<void> {
  await db.update(citizensTable).set({ kioskLoanChangedAt: now }).where(eq(citizensTable.id, citizenId));
}
