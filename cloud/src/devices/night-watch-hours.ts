import { type DeviceConfig, MAX_NIGHT_WATCH_WINDOWS } from '@screenvisit/protocol';
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type NightWatchHoursByPool, nightWatchHoursOf } from '../care/index.js';
import { type Db, deviceConfigsTable, devicesTable } from '../db/index.js';
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

/** Citizens per statement when kiosks are compared with their residents' hours (bounds each statement's size). */
export const HOURS_CHUNK = 1_000;

/** The part of a stored target config the comparison reads; anything else it holds is left to the push. */
const StoredNightWatch = z.looseObject({
  enabled: z.boolean(),
  poolId: z.string().optional(),
  windows: z.array(z.looseObject({ days: z.array(z.number()), from: z.string(), to: z.string() })).optional(),
});

/** Hours as one text, whatever order jsonb gave the keys of each window: absent, never and each list differ. */
const hoursText = (windows: readonly { days: readonly number[]; from: string; to: string }[] | undefined) =>
  windows === undefined ? '-' : JSON.stringify(windows.map((w) => [w.days, w.from, w.to]));

interface StaleKiosk {
  readonly deviceId: string;
  readonly municipalityId: string;
}

/**
 * The kiosks whose target config (newest version, applied or not: the outbox delivers it) carries other lamp hours
 * than a push would give them now (withNightWatchHours over nightWatchHoursOf): the ones a change of who may call
 * a pool when must reach, and nothing else, so a change that leaves a resident's hours as they were pushes nothing.
 * `scope` null: every municipality's kiosks (the cloud's start, after a crash between a change and its push or
 * with a new rule); otherwise the kiosks lent to these citizens. Only kiosks that take configuration. One statement
 * per HOURS_CHUNK citizens for the targets and one for their hours (nightWatchHoursOf).
 */
export async function kiosksWithStaleNightWatchHours(
  db: Db,
  scope: { readonly municipalityId: string; readonly citizenIds: readonly string[] } | null,
  now: Date,
): Promise<StaleKiosk[]> {
  if (scope === null) return staleAmong(db, await targetsOf(db, null), now);
  const stale: StaleKiosk[] = [];
  const citizens = [...new Set(scope.citizenIds)];
  for (let i = 0; i < citizens.length; i += HOURS_CHUNK) {
    const chunk = { municipalityId: scope.municipalityId, citizenIds: citizens.slice(i, i + HOURS_CHUNK) };
    stale.push(...(await staleAmong(db, await targetsOf(db, chunk), now)));
  }
  return stale;
}

async function targetsOf(db: Db, scope: { municipalityId: string; citizenIds: string[] } | null) {
  const takesConfig = and(
    isNotNull(devicesTable.credentialHash),
    inArray(devicesTable.lifecycle, lifecyclesAccepting('wipe')),
  );
  // Each kiosk's newest version by its primary key (one index probe per kiosk), not every version of every
  // kiosk sorted: a fleet pushed to for years holds tens of versions per kiosk.
  const newest = sql`(select max(newest.version) from ${deviceConfigsTable} newest where newest.device_id = ${devicesTable.id})`;
  return db
    .select({
      deviceId: devicesTable.id,
      municipalityId: devicesTable.municipalityId,
      citizenId: devicesTable.citizenId,
      // Only the night-watch part travels from PostgreSQL, not 10,000 whole configs at the cloud's start.
      nightWatch: sql<unknown>`${deviceConfigsTable.config}->'nightWatch'`,
    })
    .from(devicesTable)
    .innerJoin(
      deviceConfigsTable,
      and(eq(deviceConfigsTable.deviceId, devicesTable.id), eq(deviceConfigsTable.version, newest)),
    )
    .where(
      scope
        ? and(
            takesConfig,
            eq(devicesTable.municipalityId, scope.municipalityId),
            inArray(devicesTable.citizenId, scope.citizenIds),
          )
        : takesConfig,
    );
}

async function staleAmong(
  db: Db,
  targets: { deviceId: string; municipalityId: string; citizenId: string | null; nightWatch: unknown }[],
  now: Date,
): Promise<StaleKiosk[]> {
  const stale: StaleKiosk[] = [];
  const asked: { target: (typeof targets)[number]; nightWatch: NightWatch }[] = [];
  for (const target of targets) {
    // A target that does not parse is left alone: a push builds on it and would refuse it, failing the bulk
    // push of every other kiosk of its municipality with it.
    const parsed = StoredNightWatch.safeParse(target.nightWatch);
    if (parsed.success) asked.push({ target, nightWatch: parsed.data as NightWatch });
  }
  // Her hours only where the lamp reads them: a button that calls a pool on a kiosk lent to her.
  const residents = [
    ...new Set(
      asked.flatMap(({ target, nightWatch }) =>
        target.citizenId && nightWatch.enabled && nightWatch.poolId ? [target.citizenId] : [],
      ),
    ),
  ];
  const hours = new Map<string, NightWatchHoursByPool>();
  for (let i = 0; i < residents.length; i += HOURS_CHUNK)
    for (const [citizenId, byPool] of await nightWatchHoursOf(db, residents.slice(i, i + HOURS_CHUNK), now))
      hours.set(citizenId, byPool);
  for (const { target, nightWatch } of asked) {
    const citizenId = target.citizenId;
    const due = withNightWatchHours(
      nightWatch,
      citizenId ? hours.get(citizenId) : undefined,
      citizenId !== null,
    );
    if (hoursText(due.windows) !== hoursText(nightWatch.windows))
      stale.push({ deviceId: target.deviceId, municipalityId: target.municipalityId });
  }
  return stale;
}
