import { RateLimiterMemory } from 'rate-limiter-flexible';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isAppError } from '../kernel/errors.js';
import { takeAttempt } from './throttle.js';

// rate-limiter-flexible reads Date.now() itself: fake only Date, so its unref'd cleanup timers stay real.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-02T08:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

const refused = (p: Promise<unknown>) =>
  p.then(
    () => false,
    (e: unknown) => isAppError(e) && e.code === 'rate_limited',
  );

describe('citizen throttle tries', () => {
  it('gives a try back within the window that counted it', async () => {
    const limiter = new RateLimiterMemory({ points: 2, duration: 900 });
    await (await takeAttempt(limiter, 'ip')).giveBack();
    await takeAttempt(limiter, 'ip');
    await takeAttempt(limiter, 'ip');
    expect(await refused(takeAttempt(limiter, 'ip'))).toBe(true);
  });

  it('gives nothing to the next window for a try given back after its own window ended', async () => {
    // A reward after the counter expired would start the next window at -1: one try more.
    const limiter = new RateLimiterMemory({ points: 2, duration: 900 });
    const late = await takeAttempt(limiter, 'ip');
    vi.setSystemTime(Date.now() + 900_000);
    await late.giveBack();
    await takeAttempt(limiter, 'ip');
    await takeAttempt(limiter, 'ip');
    expect(await refused(takeAttempt(limiter, 'ip'))).toBe(true);
  });
});
