import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api.js';
import { createI18n } from '../../shared/i18n.js';
import type { SessionInfo } from './auth-api.js';
import { isWarning, nextPollMs, readIdleTimes, secondsLeft } from './idle.js';
import { createIdleWatch, type EndReason } from './idle-watch.js';
import { loginErrorMessage } from './login-errors.js';
import { staffStrings } from './strings.js';

const SERVER_NOW = Date.parse('2025-03-01T10:00:00Z');
const answer = (idleExpiresAtMs: number, extra: Partial<SessionInfo> = {}): SessionInfo => ({
  authenticated: true,
  kind: 'staff',
  role: 'staff',
  stage: 'full',
  csrfToken: 'c',
  idleTimeoutSeconds: 900,
  idleExpiresAt: new Date(idleExpiresAtMs).toISOString(),
  expiresAt: new Date(SERVER_NOW + 12 * 3_600_000).toISOString(),
  ...extra,
});

describe('the idle countdown', () => {
  it('counts down on the server’s clock even when the browser’s clock is 7 minutes off', () => {
    const browserNow = SERVER_NOW - 7 * 60_000;
    const times = readIdleTimes(answer(SERVER_NOW + 900_000), browserNow, null, true)!;
    expect(secondsLeft(times, browserNow)).toBe(900);
    expect(isWarning(times, browserNow + 839_000)).toBe(false);
    expect(isWarning(times, browserNow + 840_000)).toBe(true);
    expect(secondsLeft(times, browserNow + 870_000)).toBe(30);
  });

  it('keeps the clock offset from an active answer when a passive poll cannot tell the server’s time', () => {
    const browserNow = SERVER_NOW + 5_000;
    const first = readIdleTimes(answer(SERVER_NOW + 900_000), browserNow, null, true)!;
    // Passive: idleExpiresAt did not move, the offset stays.
    const later = readIdleTimes(answer(SERVER_NOW + 900_000), browserNow + 60_000, first, false)!;
    expect(later.skewMs).toBe(first.skewMs);
    expect(secondsLeft(later, browserNow + 60_000)).toBe(840);
  });

  it('warns half-way through a timeout shorter than two minutes, and polls at least once a second near the end', () => {
    const times = readIdleTimes(
      answer(SERVER_NOW + 60_000, { idleTimeoutSeconds: 60 }),
      SERVER_NOW,
      null,
      true,
    )!;
    expect(isWarning(times, SERVER_NOW + 29_000)).toBe(false);
    expect(isWarning(times, SERVER_NOW + 30_000)).toBe(true);
    expect(nextPollMs(times, SERVER_NOW)).toBe(10_000);
    expect(nextPollMs(times, SERVER_NOW + 25_000)).toBe(5_000);
    expect(nextPollMs(times, SERVER_NOW + 70_000)).toBe(1_000);
  });

  it('has no times for a session that is gone', () => {
    expect(readIdleTimes({ authenticated: false }, SERVER_NOW, null, true)).toBeNull();
  });
});

describe('the idle watch', () => {
  const harness = (answers: (SessionInfo | Error)[]) => {
    let now = SERVER_NOW;
    const timers: { at: number; fn: () => void }[] = [];
    const calls: boolean[] = [];
    const ended: EndReason[] = [];
    const watch = createIdleWatch(
      {
        fetchSession: async ({ passive }) => {
          calls.push(passive);
          const next = answers.shift() ?? { authenticated: false };
          if (next instanceof Error) throw next;
          return next;
        },
        now: () => now,
        setTimeout: (fn, ms) => timers.push({ at: now + ms, fn }),
        clearTimeout: () => {},
      },
      { onUpdate: () => {}, onEnded: (r) => ended.push(r) },
    );
    const runTo = async (t: number) => {
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const due = timers[0];
        if (!due || due.at > t) break;
        timers.shift();
        now = due.at;
        due.fn();
        await new Promise((r) => setTimeout(r, 0));
      }
      now = t;
    };
    return { watch, calls, ended, runTo };
  };

  it('polls passively after its first, active call, and reports an idle end once the countdown ran out', async () => {
    const short = { idleTimeoutSeconds: 60 };
    const h = harness([
      answer(SERVER_NOW + 60_000, short),
      answer(SERVER_NOW + 60_000, short),
      new Error('offline'),
      answer(SERVER_NOW + 60_000, short),
    ]);
    await h.watch.start();
    await h.runTo(SERVER_NOW + 70_000);
    expect(h.calls[0]).toBe(false);
    expect(h.calls.slice(1).every((passive) => passive)).toBe(true);
    expect(h.ended).toEqual(['idle']);
  });

  it('calls a session that vanishes long before the warning "ended", not idle', async () => {
    const h = harness([answer(SERVER_NOW + 900_000), { authenticated: false }]);
    await h.watch.start();
    await h.runTo(SERVER_NOW + 20_000);
    expect(h.ended).toEqual(['ended']);
  });
});

describe('login error sentences', () => {
  const t = (key: string, values?: Record<string, string | number>) =>
    `${key}${values ? JSON.stringify(values) : ''}`;
  const problem = (status: number, retryAfterSeconds?: number) =>
    new ApiError('problem', status, { type: 'about:blank', detail: 'server says' }, { retryAfterSeconds });

  it('says how long to wait from Retry-After, and explains the network refusal at the password step', () => {
    expect(loginErrorMessage(problem(429, 8), t, 'password')).toBe('error.throttledFor{"count":8}');
    expect(loginErrorMessage(problem(429), t, 'other')).toBe('error.throttled');
    expect(loginErrorMessage(problem(403), t, 'password')).toBe('error.offNetwork');
    expect(loginErrorMessage(problem(403), t, 'other')).toBe('server says');
    expect(loginErrorMessage(problem(401), t, 'password')).toBe('server says');
  });
});

describe('the throttled login sentence in words', () => {
  const problem = new ApiError(
    'problem',
    429,
    { type: 'about:blank', detail: 'x' },
    { retryAfterSeconds: 1 },
  );
  it('says "1 sekund" / "1 second", not "1 sekunder" / "1 seconds"', () => {
    expect(loginErrorMessage(problem, createI18n(staffStrings, 'da').t, 'password')).toContain(
      'om 1 sekund.',
    );
    expect(loginErrorMessage(problem, createI18n(staffStrings, 'en').t, 'password')).toContain(
      'in 1 second.',
    );
    const long = new ApiError(
      'problem',
      429,
      { type: 'about:blank', detail: 'x' },
      { retryAfterSeconds: 64 },
    );
    expect(loginErrorMessage(long, createI18n(staffStrings, 'da').t, 'password')).toContain(
      'om 64 sekunder.',
    );
  });
});
