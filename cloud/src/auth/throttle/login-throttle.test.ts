import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLoginThrottle } from './login-throttle.js';
import { ACCOUNT_POLICY, delayAfterFailures } from './policy.js';

// rate-limiter-flexible reads Date.now() itself: fake only Date, so its unref'd cleanup timers stay real.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-02T08:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});
const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

describe('delay policy', () => {
  it('allows 5 free failures, then doubles from 1 s up to 15 min', () => {
    const delays = [1, 4, 5, 6, 7, 10, 20, 1000].map((n) => delayAfterFailures(n, ACCOUNT_POLICY));
    expect(delays).toEqual([0, 0, 1_000, 2_000, 4_000, 32_000, 900_000, 900_000]);
  });
});

describe('login throttle', () => {
  it('grows the wait with each failure and lets the attempt through once it has passed', async () => {
    const throttle = createLoginThrottle();
    const keys = { account: 'login:karen', ip: '10.0.0.1' };
    for (let i = 0; i < 4; i++) await throttle.recordFailure(keys);
    expect(await throttle.retryAfterMs(keys)).toBe(0);
    await throttle.recordFailure(keys);
    expect(await throttle.retryAfterMs(keys)).toBe(1_000);
    advance(1_000);
    expect(await throttle.retryAfterMs(keys)).toBe(0);
    await throttle.recordFailure(keys);
    expect(await throttle.retryAfterMs(keys)).toBe(2_000);
  });

  it('never locks for good: even after hundreds of failures the wait ends within 15 minutes', async () => {
    const throttle = createLoginThrottle();
    const keys = { account: 'login:lars' };
    for (let i = 0; i < 300; i++) await throttle.recordFailure(keys);
    const wait = await throttle.retryAfterMs(keys);
    expect(wait).toBeGreaterThan(0);
    advance(60 * 60_000); // the hourly cap also ends
    expect(await throttle.retryAfterMs(keys)).toBe(0);
  });

  it('caps an account at 100 failures per hour whatever the delays', async () => {
    const throttle = createLoginThrottle({ account: { freeFailures: 1e9, baseDelayMs: 0, maxDelayMs: 0 } });
    const keys = { account: 'login:ida' };
    for (let i = 0; i < 99; i++) await throttle.recordFailure(keys);
    expect(await throttle.retryAfterMs(keys)).toBe(0);
    await throttle.recordFailure(keys);
    const wait = await throttle.retryAfterMs(keys);
    expect(wait).toBeGreaterThan(59 * 60_000);
    expect(wait).toBeLessThanOrEqual(60 * 60_000);
    advance(wait);
    expect(await throttle.retryAfterMs(keys)).toBe(0);
  });

  it('throttles an IP across many accounts, with more slack than one account', async () => {
    const throttle = createLoginThrottle();
    for (let i = 0; i < 49; i++) await throttle.recordFailure({ account: `login:u${i}`, ip: '10.0.0.9' });
    expect(await throttle.retryAfterMs({ account: 'login:fresh', ip: '10.0.0.9' })).toBe(0);
    await throttle.recordFailure({ account: 'login:u49', ip: '10.0.0.9' });
    expect(await throttle.retryAfterMs({ account: 'login:fresh', ip: '10.0.0.9' })).toBe(1_000);
    expect(await throttle.retryAfterMs({ account: 'login:fresh', ip: '10.0.0.10' })).toBe(0);
  });

  it('clears the consecutive failures of an account on success', async () => {
    const throttle = createLoginThrottle();
    for (let i = 0; i < 5; i++) await throttle.recordFailure({ account: 'login:sofie' });
    advance(1_000);
    await throttle.recordSuccess('login:sofie');
    await throttle.recordFailure({ account: 'login:sofie' });
    expect(await throttle.retryAfterMs({ account: 'login:sofie' })).toBe(0);
  });
});
