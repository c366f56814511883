import type { Clock, ClockTimer } from '@screenvisit/protocol';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../kernel/logger.js';
import { startInactivityJob } from './inactivity.js';

function fakeClock() {
  let now = 0;
  const timers: { at: number; fn: () => void; id: number }[] = [];
  let seq = 0;
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = ++seq;
      timers.push({ at: now + ms, fn, id });
      return id as unknown as ClockTimer;
    },
    clearTimeout: (timer) => {
      const i = timers.findIndex((x) => x.id === (timer as unknown as number));
      if (i >= 0) timers.splice(i, 1);
    },
  };
  const advance = async (ms: number) => {
    now += ms;
    for (let due = timers.find((x) => x.at <= now); due; due = timers.find((x) => x.at <= now)) {
      timers.splice(timers.indexOf(due), 1);
      due.fn();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { clock, advance };
}

describe('the inactivity job', () => {
  it('runs every interval on the injected clock, survives a failed run, and stops', async () => {
    const { clock, advance } = fakeClock();
    const runs: number[] = [];
    const job = startInactivityJob({
      clock,
      intervalMs: 60_000,
      log: createLogger({ level: 'silent' }),
      sweep: async (now) => {
        runs.push(now.getTime());
        if (runs.length === 1) throw new Error('database away');
        return 0;
      },
    });
    await advance(59_999);
    expect(runs).toEqual([]);
    await advance(1);
    await advance(60_000);
    expect(runs).toEqual([60_000, 120_000]);
    await job.stop();
    await advance(600_000);
    expect(runs).toHaveLength(2);
  });
});
