import type { EnrolRequest, EnrolResponse } from '@screenvisit/protocol';
import { count, eq, sql } from 'drizzle-orm';
import { appendAudit, devicesTable, redeemEnrolmentCode } from '../db/index.js';
import { AppError } from '../kernel/errors.js';
import type { DevicesDeps } from './deps.js';

/**
 * Used by: GET /api/status: one municipality's kiosks for its staff (the support page), the installation's for
 * the host itself (`npm start` waiting for the kiosk, an operator's curl on the host).
 */
export async function deviceCounts(
  deps: Pick<DevicesDeps, 'db'>,
  municipalityId?: string,
): Promise<{ total: number; online: number }> {
  const [row] = await deps.db.db
    .select({
      total: count(),
      online: sql<number>`count(*) filter (where ${devicesTable.online})`.mapWith(Number),
    })
    .from(devicesTable)
    .where(municipalityId === undefined ? undefined : eq(devicesTable.municipalityId, municipalityId));
  return { total: row?.total ?? 0, online: row?.online ?? 0 };
}

/** Used by: POST /api/devices/enrol. A kiosk trades its one-time code for its MQTT credential. */
export async function enrolDevice(
  deps: Pick<DevicesDeps, 'db' | 'clock' | 'log'>,
  request: EnrolRequest,
  ip: string | null,
): Promise<EnrolResponse> {
  const redeemed = await redeemEnrolmentCode(deps.db.db, {
    code: request.code,
    hardwareId: request.hardwareId,
    now: new Date(deps.clock.now()),
  });
  if (!redeemed) {
    deps.log.warn({ ip }, 'enrolment refused: code unknown, used or expired');
    throw AppError.gone('This enrolment code is used, expired or unknown. Ask support for a new code.');
  }
  await appendAudit(deps.db.db, {
    municipalityId: redeemed.municipalityId,
    actorKind: 'device',
    actorId: redeemed.deviceId,
    action: 'device.enrolled',
    targetKind: 'device',
    targetId: redeemed.deviceId,
    ip,
    details: {},
  });
  deps.log.info({ deviceId: redeemed.deviceId }, 'device enrolled');
  return {
    deviceId: redeemed.deviceId,
    mqttUsername: redeemed.deviceId,
    mqttPassword: redeemed.mqttPassword,
  };
}
