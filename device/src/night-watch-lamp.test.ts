import type { LedPattern } from '@screenvisit/hardware';
import { DEFAULT_DEVICE_CONFIG, type NightWatchWindow } from '@screenvisit/protocol';
import { FakeClock } from '@screenvisit/protocol/testing';
import { describe, expect, it } from 'vitest';
import type { CachedSettings } from './data-store.js';
import { createNightWatchLamp } from './night-watch-lamp.js';

const CPH = 'Europe/Copenhagen';
const poolId = 'c29a323c-3bff-406f-8b90-7017abf250be';
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
const NIGHTS: NightWatchWindow[] = [{ days: EVERY_DAY, from: '22:00', to: '07:00' }];
const MINUTE = 60_000;

function settingsWith(windows: NightWatchWindow[] | undefined): CachedSettings {
  const { contacts: _contacts, ...rest } = DEFAULT_DEVICE_CONFIG;
  return { ...rest, nightWatch: { enabled: true, poolId, ...(windows ? { windows } : {}) } };
}

/** A resting kiosk's lamp on a fake clock: what the LED shows, as the agent would set it. */
function restingKiosk(startIso: string, windows: NightWatchWindow[] | undefined) {
  const clock = new FakeClock(Date.parse(startIso));
  let settings = settingsWith(windows);
  let led: LedPattern = 'off';
  const lamp = createNightWatchLamp({
    clock,
    timeZone: CPH,
    settings: () => settings,
    show: (pattern) => {
      led = pattern;
    },
  });
  led = lamp.look('idle');
  return {
    clock,
    lamp,
    get led() {
      return led;
    },
    /** Advance to an instant (ISO), firing the lamp's timers on the way. */
    at(iso: string) {
      clock.advance(Date.parse(iso) - clock.now());
    },
    apply(next: NightWatchWindow[] | undefined) {
      settings = settingsWith(next);
      led = lamp.look('idle');
    },
    enter(state: 'idle' | 'in_call') {
      led = lamp.look(state);
    },
  };
}

describe('the night-watch lamp follows the hours the resident may call', () => {
  it('is out before her window, lights at its first minute and goes out at its end, by one timer', () => {
    // 15 January 2026 is a Thursday; Copenhagen is UTC+1 in winter.
    const kiosk = restingKiosk('2026-01-15T12:00:00Z', NIGHTS); // 13:00
    expect(kiosk.led).toBe('off');
    expect(kiosk.clock.pending).toBe(1); // a timer for the edge, not a loop
    kiosk.at('2026-01-15T20:59:59.999Z'); // 21:59:59.999
    expect(kiosk.led).toBe('off');
    kiosk.at('2026-01-15T21:00:00Z'); // 22:00
    expect(kiosk.led).toBe('on');
    kiosk.at('2026-01-16T05:59:59Z'); // 06:59:59
    expect(kiosk.led).toBe('on');
    kiosk.at('2026-01-16T06:00:00Z'); // 07:00
    expect(kiosk.led).toBe('off');
    expect(kiosk.clock.pending).toBe(1);
  });

  it('keeps the part after midnight with the day the window started on', () => {
    // Friday nights only: lit Saturday 03:00, out Saturday 07:00, and not lit again on Saturday evening.
    const kiosk = restingKiosk('2026-01-16T12:00:00Z', [{ days: [5], from: '22:00', to: '07:00' }]);
    kiosk.at('2026-01-17T02:00:00Z'); // Saturday 03:00
    expect(kiosk.led).toBe('on');
    kiosk.at('2026-01-17T06:00:00Z'); // Saturday 07:00
    expect(kiosk.led).toBe('off');
    kiosk.at('2026-01-17T21:30:00Z'); // Saturday 22:30
    expect(kiosk.led).toBe('off');
    kiosk.at('2026-01-23T21:00:00Z'); // the next Friday 22:00
    expect(kiosk.led).toBe('on');
  });

  it('goes out at 07:00 on the new clock the night summer time begins, not an hour late', () => {
    // 29 March 2026: 02:00 CET jumps to 03:00 CEST, so 07:00 is 05:00Z (06:00Z the day before).
    const kiosk = restingKiosk('2026-03-28T21:30:00Z', NIGHTS); // Saturday 22:30 CET
    expect(kiosk.led).toBe('on');
    kiosk.at('2026-03-29T04:59:00Z'); // 06:59 CEST
    expect(kiosk.led).toBe('on');
    kiosk.at('2026-03-29T05:00:00Z'); // 07:00 CEST
    expect(kiosk.led).toBe('off');
    kiosk.at('2026-03-29T19:59:00Z'); // 21:59 CEST
    expect(kiosk.led).toBe('off');
    kiosk.at('2026-03-29T20:00:00Z'); // 22:00 CEST
    expect(kiosk.led).toBe('on');
  });

  it('lights at 03:00 the night summer time begins when her window starts in the skipped hour', () => {
    // 02:30 never shows on the clocks that night; at 03:00 the wall clock is inside 02:30-05:00.
    const kiosk = restingKiosk('2026-03-28T23:00:00Z', [{ days: [7], from: '02:30', to: '05:00' }]); // 00:00 CET
    expect(kiosk.led).toBe('off');
    kiosk.at('2026-03-29T00:59:59Z'); // 01:59:59 CET
    expect(kiosk.led).toBe('off');
    kiosk.at('2026-03-29T01:00:00Z'); // 03:00 CEST
    expect(kiosk.led).toBe('on');
    kiosk.at('2026-03-29T03:00:00Z'); // 05:00 CEST
    expect(kiosk.led).toBe('off');
  });

  it('stays lit through both 02:30s the night winter time begins and goes out at 07:00 CET', () => {
    // 25 October 2026: 03:00 CEST falls back to 02:00 CET, so 07:00 is 06:00Z (05:00Z the day before).
    const kiosk = restingKiosk('2026-10-24T20:30:00Z', NIGHTS); // 22:30 CEST
    expect(kiosk.led).toBe('on');
    kiosk.at('2026-10-25T00:30:00Z'); // 02:30 CEST
    expect(kiosk.led).toBe('on');
    kiosk.at('2026-10-25T01:30:00Z'); // 02:30 CET
    expect(kiosk.led).toBe('on');
    kiosk.at('2026-10-25T05:00:00Z'); // 06:00 CET
    expect(kiosk.led).toBe('on');
    kiosk.at('2026-10-25T06:00:00Z'); // 07:00 CET
    expect(kiosk.led).toBe('off');
  });

  it('puts out a lamp whose window ends in the hour that repeats, at its first end', () => {
    // 22:00-02:30 on Saturday: the clocks show 02:30 twice; the cloud reads the wall clock, so a press is
    // refused from the first 02:30 CEST and allowed again at 02:00 CET, and the lamp says the same.
    const kiosk = restingKiosk('2026-10-24T21:00:00Z', [{ days: [6], from: '22:00', to: '02:30' }]); // 23:00 CEST
    expect(kiosk.led).toBe('on');
    kiosk.at('2026-10-25T00:30:00Z'); // 02:30 CEST
    expect(kiosk.led).toBe('off');
    kiosk.at('2026-10-25T01:00:00Z'); // 02:00 CET
    expect(kiosk.led).toBe('on');
    kiosk.at('2026-10-25T01:30:00Z'); // 02:30 CET
    expect(kiosk.led).toBe('off');
  });

  it('is lit whenever a pool is set when the config carries no hours, and out with empty hours', () => {
    const always = restingKiosk('2026-01-15T12:00:00Z', undefined);
    expect(always.led).toBe('on');
    expect(always.clock.pending).toBe(0);
    const never = restingKiosk('2026-01-15T12:00:00Z', []);
    expect(never.led).toBe('off');
    expect(never.clock.pending).toBe(0);
  });

  it('takes new hours at once, and stays out during a call even when a window opens', () => {
    const kiosk = restingKiosk('2026-01-15T12:00:00Z', NIGHTS); // 13:00
    kiosk.apply([{ days: EVERY_DAY, from: '12:00', to: '14:00' }]);
    expect(kiosk.led).toBe('on');
    expect(kiosk.clock.pending).toBe(1);
    kiosk.apply(NIGHTS);
    expect(kiosk.led).toBe('off');
    kiosk.enter('in_call');
    kiosk.at('2026-01-15T21:00:00Z'); // 22:00, still in the call
    expect(kiosk.led).toBe('off');
    kiosk.enter('idle');
    expect(kiosk.led).toBe('on');
  });

  it('sets no timer after it is stopped', () => {
    const kiosk = restingKiosk('2026-01-15T12:00:00Z', NIGHTS);
    kiosk.lamp.stop();
    expect(kiosk.clock.pending).toBe(0);
    kiosk.clock.advance(24 * 60 * MINUTE);
    expect(kiosk.led).toBe('off');
  });
});
