import { Id } from '@screenvisit/protocol';
import { and, eq } from 'drizzle-orm';
import { type Db, type Device, devicesTable } from '../db/index.js';
import { AppError } from '../kernel/errors.js';

/** Who asked (a support person), for the audit log: internal ids and the client address only. */
export interface DeviceActor {
  readonly staffId: string;
  readonly ip: string | null;
}

/** A device of THIS municipality; another municipality's device answers 404 like a missing one. */
export async function deviceOf(db: Db, municipalityId: string, deviceId: string): Promise<Device> {
  if (!Id.safeParse(deviceId).success) throw AppError.notFound('Device');
  const [device] = await db
    .select()
    .from(devicesTable)
    .where(and(eq(devicesTable.id, deviceId), eq(devicesTable.municipalityId, municipalityId)));
  if (!device) throw AppError.notFound('Device');
  return device;
}

/** `SELECT … FOR UPDATE`: serialises config pushes and wipes of one device inside a transaction. */
export async function lockDevice(db: Db, municipalityId: string, deviceId: string): Promise<Device> {
  if (!Id.safeParse(deviceId).success) throw AppError.notFound('Device');
  const [device] = await db
    .select()
    .from(devicesTable)
    .where(and(eq(devicesTable.id, deviceId), eq(devicesTable.municipalityId, municipalityId)))
    .for('update');
  if (!device) throw AppError.notFound('Device');
  return device;
}
