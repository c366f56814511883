import { type DeviceConfig, MAX_NIGHT_WATCH_WINDOWS } from '@screenvisit/protocol';
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { type NightWatchHoursByPool, nightWatchHoursOf } from '../care/index.js';
import { type Db, devicesTable } from '../db/index.js';
import { lifecyclesAccepting } from './lifecycle.js';

type NightWatch = DeviceConfig['nightWatch'];

/**
 * The night-watch part of a config with the hours its resident may call the button's pool
 * (`nightWatch.windows`, care/permissions/night-watch-hours.ts), so the kiosk lights the lamp only while a press
 * would reach the night watch. Derived on every push like the pool's number (pool-phone.ts): never what support
 * sent. Left out, so the lamp is lit as before, when the button is off, the kiosk is lent to nobody, she may call
 * at any time, or her hours are more than a config carries (the cloud decides every press anyway); empty when no
 * press of hers reaches that pool. Only weekdays and times travel: no name, no permission id.
 */
export function withNightWatchHours(
  nightWatch: NightWatch,
  hours: NightWatchHoursByPool | undefined,
  lent: boolean,
): NightWatch {
  const { windows: _sent, ...rest } = nightWatch;
  if (!lent || !rest.enabled || !rest.poolId) return rest;
  const windows = hours?.get(rest.poolId);
  if (windows === undefined) return { ...rest, windows: [] };
  if (windows === null || windows.length > MAX_NIGHT_WATCH_WINDOWS) return rest;
  return { ...rest, windows: windows.map((w) => ({ days: [...w.days], from: w.from, to: w.to })) };
}

/** One kiosk's push (config-push.ts): her hours, read only when the button calls a pool. */
export async function nightWatchHoursForOne(
  db: Db,
  citizenId: string | null,
  nightWatch: NightWatch,
  now: Date,
): Promise<NightWatch> {
  if (!citizenId || !nightWatch.enabled || !nightWatch.poolId)
    return withNightWatchHours(nightWatch, undefined, false);
  const hours = await nightWatchHoursOf(db, [citizenId], now);
  return withNightWatchHours(nightWatch, hours.get(citizenId), true);
}

/**
 * A citizen's hours as part of bulk-config.ts's grouping key (computed once per citizen, as her contacts are):
 * residents with the same hours for the same pools share one config.
 */
export function nightWatchHoursKey(hours: NightWatchHoursByPool | undefined): string {
  if (!hours) return '';
  return JSON.stringify([...hours].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The kiosks lent to a citizen that take configuration: the ones a change of her night-watch hours reaches. */
export async function kiosksLentTo(db: Db, municipalityId: string, citizenId: string): Promise<string[]> {
  const rows = await db
    .select({ id: devicesTable.id })
    .from(devicesTable)
    .where(
      and(
        eq(devicesTable.municipalityId, municipalityId),
        eq(devicesTable.citizenId, citizenId),
        isNotNull(devicesTable.credentialHash),
        inArray(devicesTable.lifecycle, lifecyclesAccepting('wipe')),
      ),
    )
    .orderBy(asc(devicesTable.id));
  return rows.map((r) => r.id);
}
