import type { Clock } from '@screenvisit/protocol';
import type { CachedSettings } from './data-store.js';
import type { KioskScreen, KioskScreenModel } from './kiosk-screen.js';
import type { Logger } from './logger.js';
import { isCallableAt, nextChangeAt } from './night-watch-hours.js';

type NightWatch = CachedSettings['nightWatch'];
type ScreenChange = Parameters<KioskScreen['update']>[0];

/**
 * Why the refusal is looked at again: `hours` (a config brought other hours, or took them or the button away) may
 * move the next opening either way; `edge` (the lamp's timer at an edge of her hours) only ever opens them, so the
 * time the cloud named is kept unless she may call now.
 */
export type RefusalRecheck = 'hours' | 'edge';

/**
 * What the refusal screen must say now. The screen a press outside her hours leaves ("Du kan ikke ringe til
 * nattevagten nu", the number to ring instead, "Du kan ringe igen i dag kl. 22.00.": call.refused
 * `outside_time_window` with `nextAllowedAt`, call-controller.ts) stays lit for FALLBACK_SHOWN_MS, 3 minutes.
 * Hours that change meanwhile must not leave it saying what is no longer true while the lamp says otherwise:
 * - she may call now (new hours include now, her hours opened, or she may call at any time as far as the kiosk
 *   knows: no hours travel): the refusal goes and the screen is at rest, the lamp lit, so she presses again;
 * - new hours open later: "Du kan ringe igen …" names their next opening (night-watch-hours.ts nextChangeAt);
 * - no hours any more (no press of hers reaches the pool), or the button is off: no time is promised, the number
 *   stays ("Vi kunne ikke få fat i nattevagten · Ring i stedet til …").
 * null: nothing to change (no such screen up, or it is still true). Any other screen is left alone: "not
 * reached" for nobody on duty is not about her hours.
 */
export function refusalAfterHours(
  model: KioskScreenModel,
  nightWatch: NightWatch,
  now: number,
  timeZone: string | undefined,
  why: RefusalRecheck,
): ScreenChange | null {
  if (
    model.mode !== 'idle' ||
    model.message?.code !== 'night_watch_unreachable' ||
    model.nextAllowedAt === null
  )
    return null;
  const { enabled, poolId, windows } = nightWatch;
  if (!enabled || !poolId) return why === 'hours' ? { nextAllowedAt: null } : null;
  if (windows === undefined || isCallableAt(windows, now, timeZone))
    return { message: null, fallbackPhone: null, nextAllowedAt: null };
  if (why === 'edge') return null;
  const opens = nextChangeAt(windows, now, timeZone);
  return opens === model.nextAllowedAt ? null : { nextAllowedAt: opens };
}

/** Whether two configs' night-watch buttons differ in what decides the lamp: on or off, the pool, the hours. */
export function nightWatchHoursDiffer(before: NightWatch, after: NightWatch): boolean {
  const key = (n: NightWatch) =>
    JSON.stringify([n.enabled, n.poolId ?? null, n.windows?.map((w) => [w.days, w.from, w.to]) ?? null]);
  return key(before) !== key(after);
}

/**
 * The refusal screen following the resident's hours in the agent: `applied` after a config is applied (with the
 * night-watch settings it replaced), `edge` when the lamp's timer fires at an edge of her hours.
 */
export function createRefusalFollower(deps: {
  clock: Clock;
  log: Logger;
  timeZone?: string | undefined;
  screen: KioskScreen;
  settings(): CachedSettings;
}) {
  const recheck = (why: RefusalRecheck) => {
    const change = refusalAfterHours(
      deps.screen.snapshot(),
      deps.settings().nightWatch,
      deps.clock.now(),
      deps.timeZone,
      why,
    );
    if (change === null) return;
    deps.log.info(
      { why, cleared: change.message === null, nextAllowedAt: change.nextAllowedAt ?? null },
      'the night-watch refusal follows her new hours',
    );
    deps.screen.update(change);
  };
  return {
    applied(before: NightWatch) {
      if (nightWatchHoursDiffer(before, deps.settings().nightWatch)) recheck('hours');
    },
    edge: () => recheck('edge'),
  };
}
