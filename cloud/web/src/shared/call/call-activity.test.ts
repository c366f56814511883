import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CALL_ACTIVITY_MS, startCallActivity } from './call-activity.js';

describe('a call keeps the login session alive', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('makes a session request at once and then every minute, well inside the shortest idle timeout', () => {
    const keepAlive = vi.fn();
    const stop = startCallActivity(keepAlive);
    expect(keepAlive).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(30 * 60_000);
    // A 30-minute home-guide visit: 1 + 30 requests, never a gap of a whole idle minute.
    expect(keepAlive).toHaveBeenCalledTimes(31);
    expect(CALL_ACTIVITY_MS).toBeLessThan(60_000 + 1);
    stop();
  });

  it('stops when the call ends, so the idle logout applies again', () => {
    const keepAlive = vi.fn();
    const stop = startCallActivity(keepAlive);
    vi.advanceTimersByTime(CALL_ACTIVITY_MS);
    stop();
    vi.advanceTimersByTime(10 * CALL_ACTIVITY_MS);
    expect(keepAlive).toHaveBeenCalledTimes(2);
  });
});
