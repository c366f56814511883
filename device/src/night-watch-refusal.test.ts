import { DEFAULT_DEVICE_CONFIG, type NightWatchWindow } from '@screenvisit/protocol';
import { FakeClock } from '@screenvisit/protocol/testing';
import { describe, expect, it } from 'vitest';
import type { CachedSettings } from './data-store.js';
import { createKioskScreen } from './kiosk-screen.js';
import { createLogger } from './logger.js';
import { createNightWatchLamp } from './night-watch-lamp.js';
import { createRefusalFollower } from './night-watch-refusal.js';
import { screenView } from './screen/screen-view.js';

const CPH = 'Europe/Copenhagen';
const poolId = 'c29a323c-3bff-406f-8b90-7017abf250be';
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
const NIGHTS: NightWatchWindow[] = [{ days: EVERY_DAY, from: '22:00', to: '07:00' }];
const AFTERNOONS: NightWatchWindow[] = [{ days: EVERY_DAY, from: '14:00', to: '16:00' }];
const EVENINGS: NightWatchWindow[] = [{ days: EVERY_DAY, from: '18:00', to: '20:00' }];

function settingsWith(nightWatch: CachedSettings['nightWatch']): CachedSettings {
  const { contacts: _contacts, ...rest } = DEFAULT_DEVICE_CONFIG;
  return { ...rest, nightWatch };
}

/**
 * A resting kiosk at `startIso` (15 January 2026, a Thursday; Copenhagen is UTC+1) whose resident was just refused
 * the night watch outside her hours: the screen, the lamp's timer and the follower as the agent wires them.
 */
function refusedKiosk(startIso: string, windows: NightWatchWindow[] | undefined, nextAllowedAt: string) {
  const clock = new FakeClock(Date.parse(startIso));
  let settings = settingsWith({ enabled: true, poolId, ...(windows ? { windows } : {}) });
  const screen = createKioskScreen({ clock, initial: 'idle', onChange: () => undefined });
  const refusal = createRefusalFollower({
    clock,
    log: createLogger({ level: 'silent' }),
    timeZone: CPH,
    screen,
    settings: () => settings,
  });
  const lamp = createNightWatchLamp({
    clock,
    timeZone: CPH,
    settings: () => settings,
    show: () => undefined,
    onEdge: refusal.edge,
  });
  lamp.look('idle');
  // What call-controller.ts leaves on the screen after call.refused `outside_time_window`.
  screen.update({ message: 'night_watch_unreachable', fallbackPhone: '33 66 33 66' });
  screen.update({ nextAllowedAt: Date.parse(nextAllowedAt) });
  return {
    clock,
    screen,
    /** A config applied with these night-watch settings, as agent.ts applies one. */
    apply(nightWatch: CachedSettings['nightWatch']) {
      const before = settings.nightWatch;
      settings = settingsWith(nightWatch);
      lamp.look('idle');
      refusal.applied(before);
    },
    glass: () => screenView(screen.snapshot(), { now: clock.now(), timeZone: CPH }),
  };
}

describe('the refusal screen follows her night-watch hours at once', () => {
  it('goes back to rest when new hours let her call now, instead of saying "not now" for 3 minutes', () => {
    const kiosk = refusedKiosk('2026-01-15T14:00:00Z', NIGHTS, '2026-01-15T21:00:00Z'); // 15:00, opens at 22:00
    expect(kiosk.glass()).toMatchObject({
      title: 'Du kan ikke ringe til nattevagten nu',
      hint: 'Du kan ringe igen i dag kl. 22.00.',
    });
    kiosk.apply({ enabled: true, poolId, windows: AFTERNOONS });
    expect(kiosk.screen.snapshot()).toMatchObject({
      message: null,
      nextAllowedAt: null,
      fallbackPhone: null,
    });
    expect(kiosk.glass()).toMatchObject({ tone: 'calm', title: '15.00' });
  });

  it('goes back to rest when she may call at any time (no hours travel)', () => {
    const kiosk = refusedKiosk('2026-01-15T14:00:00Z', NIGHTS, '2026-01-15T21:00:00Z');
    kiosk.apply({ enabled: true, poolId });
    expect(kiosk.screen.snapshot().message).toBeNull();
  });

  it('names the new hours’ next opening when they open later', () => {
    const kiosk = refusedKiosk('2026-01-15T14:00:00Z', NIGHTS, '2026-01-15T21:00:00Z');
    kiosk.apply({ enabled: true, poolId, windows: EVENINGS });
    expect(kiosk.screen.snapshot().nextAllowedAt).toBe(Date.parse('2026-01-15T17:00:00Z')); // 18:00
    expect(kiosk.glass()).toMatchObject({
      title: 'Du kan ikke ringe til nattevagten nu',
      detail: '33 66 33 66',
      hint: 'Du kan ringe igen i dag kl. 18.00.',
    });
  });

  it('promises no time when no press of hers reaches the pool any more, and keeps the number', () => {
    const kiosk = refusedKiosk('2026-01-15T14:00:00Z', NIGHTS, '2026-01-15T21:00:00Z');
    kiosk.apply({ enabled: true, poolId, windows: [] });
    expect(kiosk.screen.snapshot()).toMatchObject({ nextAllowedAt: null, fallbackPhone: '33 66 33 66' });
    expect(kiosk.glass()).toMatchObject({ title: 'Vi kunne ikke få fat i nattevagten', hint: null });
  });

  it('leaves the screen alone when a config keeps her hours (the cloud’s time stands)', () => {
    // The cloud named 22:00 tomorrow (say, a rule the kiosk does not know): a push of the volume keeps it.
    const kiosk = refusedKiosk('2026-01-15T14:00:00Z', NIGHTS, '2026-01-16T21:00:00Z');
    kiosk.apply({ enabled: true, poolId, windows: [...NIGHTS] });
    expect(kiosk.screen.snapshot().nextAllowedAt).toBe(Date.parse('2026-01-16T21:00:00Z'));
  });

  it('goes back to rest at the minute her hours open, with the lamp', () => {
    const kiosk = refusedKiosk('2026-01-15T20:58:00Z', NIGHTS, '2026-01-15T21:00:00Z'); // 21:58
    kiosk.clock.advance(60_000);
    expect(kiosk.screen.snapshot().message?.code).toBe('night_watch_unreachable');
    kiosk.clock.advance(60_000); // 22:00
    expect(kiosk.screen.snapshot()).toMatchObject({ message: null, nextAllowedAt: null });
  });

  it('leaves a "not reached" that was not about her hours alone', () => {
    const kiosk = refusedKiosk('2026-01-15T14:00:00Z', NIGHTS, '2026-01-15T21:00:00Z');
    // Nobody on duty: call-controller.ts sets the message again, which clears the time.
    kiosk.screen.update({ message: 'night_watch_unreachable', fallbackPhone: '70 10 20 30' });
    kiosk.apply({ enabled: true, poolId, windows: AFTERNOONS });
    expect(kiosk.screen.snapshot()).toMatchObject({
      message: { code: 'night_watch_unreachable' },
      fallbackPhone: '70 10 20 30',
    });
  });
});
