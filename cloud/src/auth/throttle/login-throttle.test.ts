import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLoginThrottle, IN_FLIGHT_MS, IN_FLIGHT_WAIT_MS } from './login-throttle.js';
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

  it('lets parallel attempts on one account through only up to its free failures, beyond them one at a time', async () => {
    // 30 wrong passwords sent at once: each is checked before any has failed (the password check takes tens of ms).
    const throttle = createLoginThrottle();
    const keys = { account: 'login:jonas', ip: '10.0.0.3' };
    const waits = await Promise.all(Array.from({ length: 30 }, () => throttle.retryAfterMs(keys)));
    expect(waits.filter((w) => w === 0)).toHaveLength(ACCOUNT_POLICY.freeFailures);
    expect(waits.filter((w) => w === IN_FLIGHT_WAIT_MS)).toHaveLength(30 - ACCOUNT_POLICY.freeFailures);
    for (let i = 0; i < ACCOUNT_POLICY.freeFailures; i++) await throttle.recordFailure(keys);
    // Now the recorded failures' own wait holds, as for attempts one after another.
    expect(await throttle.retryAfterMs(keys)).toBe(1_000);
  });

  it("settles the address's slot too when the person gets in, so colleagues behind the same address are not held up", async () => {
    const throttle = createLoginThrottle();
    const ip = '10.0.0.4';
    for (let i = 0; i < 49; i++) await throttle.recordFailure({ account: `login:x${i}`, ip });
    expect(await throttle.retryAfterMs({ account: 'login:karen', ip })).toBe(0);
    await throttle.recordSuccess('login:karen', ip);
    expect(await throttle.retryAfterMs({ account: 'login:jonas', ip })).toBe(0);
  });

  it('stops counting an attempt that was never settled once IN_FLIGHT_MS has passed', async () => {
    const throttle = createLoginThrottle();
    const keys = { account: 'login:mette' };
    for (let i = 0; i < 4; i++) await throttle.recordFailure(keys);
    expect(await throttle.retryAfterMs(keys)).toBe(0); // never settled (the path ended early)
    expect(await throttle.retryAfterMs(keys)).toBe(IN_FLIGHT_WAIT_MS);
    advance(IN_FLIGHT_MS);
    expect(await throttle.retryAfterMs(keys)).toBe(0);
  });
});
