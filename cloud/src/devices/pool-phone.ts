import type { DeviceConfig } from '@screenvisit/protocol';
import { and, desc, eq, isNotNull } from 'drizzle-orm';
import { chainFallbackPhoneOf } from '../care/index.js';
import { type Db, deviceConfigsTable, devicesTable } from '../db/index.js';
import { acceptsConfig } from './lifecycle.js';

type NightWatch = DeviceConfig['nightWatch'];

/**
 * The night-watch part of a config as the cloud pushes it: with the switchboard number a call to the button's pool
 * ends with when nobody takes it, its fallback pools followed as the router follows them
 * (care/night-watch/fallback-phone.ts `chainFallbackPhoneOf`), so a kiosk that cannot reach the cloud shows
 * whom to ring instead, the same number it is given online. Derived on every push, like the contacts: never what
 * support sent, and gone when the button is off or no pool of the chain has a number. `known` caches one lookup
 * per pool for a bulk push.
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
    phone = await chainFallbackPhoneOf(db, rest.poolId);
    known?.set(rest.poolId, phone);
  }
  return phone ? { ...rest, fallbackPhone: phone } : rest;
}

/**
 * The kiosks of the municipality whose pushed number is no longer the one their button's pool chain ends with:
 * the ones a change of any pool's settings must reach with a new config version. Every pool is checked, not only
 * the one saved: a new number or fallback pool on the night watch changes the number of every kiosk whose pool
 * falls back to it. Only kiosks that take config (enrolled, not being wiped or retired); the target (newest
 * version) counts, applied or not. Also run at the cloud's start (node/start-cloud.ts), so kiosks whose config
 * was pushed before the chain was followed get the chain's number without anyone saving a pool.
 */
export async function kiosksWithStalePoolPhone(
  db: Db,
  /** One municipality (a pool saved), or null: every municipality (the cloud's start). */
  municipalityId: string | null,
): Promise<{ deviceId: string; municipalityId: string }[]> {
  const enrolled = isNotNull(devicesTable.credentialHash);
  const targets = await db
    .selectDistinctOn([deviceConfigsTable.deviceId], {
      deviceId: deviceConfigsTable.deviceId,
      municipalityId: devicesTable.municipalityId,
      config: deviceConfigsTable.config,
      lifecycle: devicesTable.lifecycle,
    })
    .from(deviceConfigsTable)
    .innerJoin(devicesTable, eq(devicesTable.id, deviceConfigsTable.deviceId))
    .where(municipalityId ? and(eq(devicesTable.municipalityId, municipalityId), enrolled) : enrolled)
    .orderBy(deviceConfigsTable.deviceId, desc(deviceConfigsTable.version));
  // Pool ids are unique across municipalities (uuids), so one cache serves them all.
  const phones = new Map<string, string | null>();
  const stale: { deviceId: string; municipalityId: string }[] = [];
  for (const { deviceId, municipalityId: home, config, lifecycle } of targets) {
    const { enabled, poolId, fallbackPhone } = config.nightWatch;
    if (!acceptsConfig(lifecycle) || !enabled || !poolId) continue;
    let phone = phones.get(poolId);
    if (phone === undefined) {
      phone = await chainFallbackPhoneOf(db, poolId);
      phones.set(poolId, phone);
    }
    if ((fallbackPhone ?? null) !== phone) stale.push({ deviceId, municipalityId: home });
  }
  return stale;
}
