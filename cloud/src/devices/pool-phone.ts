import type { DeviceConfig } from '@screenvisit/protocol';
import { and, desc, eq, isNotNull } from 'drizzle-orm';
import { fallbackPhoneOf } from '../care/index.js';
import { type Db, deviceConfigsTable, devicesTable } from '../db/index.js';
import { acceptsConfig } from './lifecycle.js';

type NightWatch = DeviceConfig['nightWatch'];

/**
 * The night-watch part of a config as the cloud pushes it: with the switchboard number of the pool the button
 * calls (its night-watch settings, care/night-watch/fallback-phone.ts), so a kiosk that cannot reach the cloud
 * still shows whom to ring instead. Derived on every push, like the contacts: never what support sent, and gone
 * when the button is off or the pool has no number. `known` caches one lookup per pool for a bulk push.
 */
export async function withPoolPhone(
  db: Db,
  nightWatch: NightWatch,
  known?: Map<string, string | null>,
): Promise<NightWatch> {
  const { fallbackPhone: _sent, ...rest } = nightWatch;
  if (!rest.enabled || !rest.poolId) return rest;
  let phone = known?.get(rest.poolId);
  if (phone === undefined) {
    phone = await fallbackPhoneOf(db, [rest.poolId]);
    known?.set(rest.poolId, phone);
  }
  return phone ? { ...rest, fallbackPhone: phone } : rest;
}

/**
 * The kiosks whose button calls this pool and whose pushed number is not the pool's number now: the ones a
 * change of the pool's settings must reach with a new config version. Only kiosks that take config (enrolled,
 * not being wiped or retired); the target (newest version) counts, applied or not.
 */
export async function kiosksWithStalePoolPhone(
  db: Db,
  municipalityId: string,
  poolUnitId: string,
): Promise<string[]> {
  const phone = await fallbackPhoneOf(db, [poolUnitId]);
  const targets = await db
    .selectDistinctOn([deviceConfigsTable.deviceId], {
      deviceId: deviceConfigsTable.deviceId,
      config: deviceConfigsTable.config,
      lifecycle: devicesTable.lifecycle,
    })
    .from(deviceConfigsTable)
    .innerJoin(devicesTable, eq(devicesTable.id, deviceConfigsTable.deviceId))
    .where(and(eq(devicesTable.municipalityId, municipalityId), isNotNull(devicesTable.credentialHash)))
    .orderBy(deviceConfigsTable.deviceId, desc(deviceConfigsTable.version));
  return targets
    .filter(({ config, lifecycle }) => {
      const nightWatch = config.nightWatch;
      return (
        acceptsConfig(lifecycle) &&
        nightWatch.enabled &&
        nightWatch.poolId === poolUnitId &&
        (nightWatch.fallbackPhone ?? null) !== phone
      );
    })
    .map((t) => t.deviceId);
}
