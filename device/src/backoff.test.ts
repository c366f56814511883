import { describe, expect, it } from 'vitest';
import { fullJitterBackoff } from './backoff.js';

const at = (retryCount: number) => ({ retryCount, elapsedMs: 0 });

describe('full-jitter reconnect backoff', () => {
  it('doubles the window with every attempt, starting at the 1 s base', () => {
    const top = fullJitterBackoff({ random: () => 0.999_999 });
    expect([0, 1, 2, 3, 4, 5].map((n) => top.nextRetryDelayInMs(at(n)))).toEqual([
      999, 1_999, 3_999, 7_999, 15_999, 31_999,
    ]);
  });

  it('never waits longer than the 60 s cap, however many attempts failed', () => {
    const top = fullJitterBackoff({ random: () => 0.999_999 });
    for (const n of [6, 7, 10, 100, 5_000]) {
      const delay = top.nextRetryDelayInMs(at(n));
      expect(delay).toBeLessThan(60_000);
      expect(delay).toBeGreaterThanOrEqual(59_999);
    }
  });

  it('may retry immediately: full jitter starts the window at zero', () => {
    const bottom = fullJitterBackoff({ random: () => 0 });
    expect(bottom.nextRetryDelayInMs(at(0))).toBe(0);
    expect(bottom.nextRetryDelayInMs(at(20))).toBe(0);
  });

  it('spreads delays over the whole window rather than clustering at its top', () => {
    const policy = fullJitterBackoff();
    const delays = Array.from({ length: 2_000 }, () => policy.nextRetryDelayInMs(at(3)) as number);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(8_000);
    expect(delays.filter((d) => d < 4_000).length).toBeGreaterThan(800);
    expect(delays.filter((d) => d >= 4_000).length).toBeGreaterThan(800);
  });

  it('honours base and cap options', () => {
    const policy = fullJitterBackoff({ baseMs: 100, capMs: 500, random: () => 0.5 });
    expect(policy.nextRetryDelayInMs(at(0))).toBe(50);
    expect(policy.nextRetryDelayInMs(at(1))).toBe(100);
    expect(policy.nextRetryDelayInMs(at(9))).toBe(250);
  });

  it('gives up with null after maxRetries, and never by default', () => {
    const limited = fullJitterBackoff({ maxRetries: 2, random: () => 0 });
    expect(limited.nextRetryDelayInMs(at(1))).toBe(0);
    expect(limited.nextRetryDelayInMs(at(2))).toBeNull();
    expect(fullJitterBackoff().nextRetryDelayInMs(at(1_000_000))).not.toBeNull();
  });
});
