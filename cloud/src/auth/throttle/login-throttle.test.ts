import { RateLimiterMemory } from 'rate-limiter-flexible';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MakeLimiter } from '../../kernel/ports.js';
import { createLoginThrottle, IN_FLIGHT_MS, IN_FLIGHT_WAIT_MS, type ThrottleKeys } from './login-throttle.js';
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

/** One store shared by several throttles, as the nodes of a cluster share Redis: one limiter per key prefix. */
function sharedStore(): MakeLimiter {
  const limiters = new Map<string, RateLimiterMemory>();
  return (options) => {
    const limiter = limiters.get(options.keyPrefix) ?? new RateLimiterMemory(options);
    limiters.set(options.keyPrefix, limiter);
    return limiter;
  };
}

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

  // Two nodes on one store (Redis in a cluster). Before, each node counted its own attempts in flight, so each let
  // the free failures through at once, and beyond them one at a time each.
  const twoNodes = () => {
    const store = sharedStore();
    return [createLoginThrottle({ limiter: store }), createLoginThrottle({ limiter: store })];
  };
  const burst = (nodes: ReturnType<typeof twoNodes>, n: number, keys: ThrottleKeys) =>
    Promise.all(Array.from({ length: n }, (_, i) => nodes[i % 2]!.retryAfterMs(keys)));

  it('lets parallel attempts spread over two nodes through only up to the free failures', async () => {
    const waits = await burst(twoNodes(), 30, { account: 'login:anne', ip: '10.0.0.5' });
    expect(waits.filter((w) => w === 0)).toHaveLength(ACCOUNT_POLICY.freeFailures);
  });

  it('lets parallel attempts spread over two nodes through one at a time beyond the free failures', async () => {
    const nodes = twoNodes();
    const keys = { account: 'login:arne' };
    for (let i = 0; i < ACCOUNT_POLICY.freeFailures; i++) await nodes[i % 2]!.recordFailure(keys);
    advance(1_000); // the first wait has passed
    const waits = await burst(nodes, 10, keys);
    expect(waits.filter((w) => w === 0)).toHaveLength(1);
  });

  it('keeps counting a failed attempt until its failure and wait are stored', async () => {
    // A slot given back before the failure was stored let another attempt see neither (the 6th check).
    const throttle = createLoginThrottle();
    const keys = { account: 'login:bo' };
    for (let i = 0; i < 4; i++) await throttle.recordFailure(keys);
    expect(await throttle.retryAfterMs(keys)).toBe(0);
    const recording = throttle.recordFailure(keys); // the 5th failure, still being stored
    const wait = await throttle.retryAfterMs(keys);
    await recording;
    expect(wait).toBeGreaterThan(0);
  });

  it('counts an attempt in flight for the next check wherever in time it started', async () => {
    // One counter per key with a 30 s expiry forgot the attempts in flight when it expired: a burst timed at
    // its end got twice the free failures.
    for (const startsAt of [1, 14_999, 15_001, 29_999]) {
      const throttle = createLoginThrottle();
      const keys = { account: `login:birthe-${startsAt}` };
      for (let i = 0; i < 4; i++) await throttle.recordFailure(keys);
      expect(await throttle.retryAfterMs(keys)).toBe(0); // an earlier attempt that got in
      await throttle.recordSuccess(keys.account);
      for (let i = 0; i < 4; i++) await throttle.recordFailure(keys);
      advance(startsAt);
      expect(await throttle.retryAfterMs(keys)).toBe(0); // in flight now
      advance(2);
      expect(await throttle.retryAfterMs(keys), `started at +${startsAt} ms`).toBe(IN_FLIGHT_WAIT_MS);
      advance(IN_FLIGHT_MS);
    }
  });

  it('gives nothing extra to the next burst for an attempt settled after it stopped counting', async () => {
    // A slot given back after its counter expired would leave the next one at -1: one attempt more.
    const throttle = createLoginThrottle();
    const keys = { account: 'login:carl' };
    expect(await throttle.retryAfterMs(keys)).toBe(0);
    advance(IN_FLIGHT_MS + 1);
    await throttle.settle(keys);
    const waits = await Promise.all(Array.from({ length: 30 }, () => throttle.retryAfterMs(keys)));
    expect(waits.filter((w) => w === 0)).toHaveLength(ACCOUNT_POLICY.freeFailures);
  });
});
