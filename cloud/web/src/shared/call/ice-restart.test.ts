import { describe, expect, it } from 'vitest';
import { IceRestarter } from './ice-restart.js';
import type { Timers } from './signalling.js';

/** Timers that move only when told (the web bundle does not import @screenvisit/protocol). */
function fakeTimers() {
  let now = 0;
  let seq = 0;
  const due = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      seq += 1;
      due.set(seq, { at: now + ms, fn });
      return seq;
    },
    clearTimeout: (h) => void due.delete(h as number),
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const next = [...due.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      due.delete(next[0]);
      now = next[1].at;
      next[1].fn();
    }
    now = end;
  };
  return { timers, advance, now: () => now };
}

function setup(awaiting = () => false) {
  const t = fakeTimers();
  const restarts: number[] = [];
  const r = new IceRestarter({
    timers: t.timers,
    now: t.now,
    restart: () => restarts.push(t.now()),
    awaitingAnswer: awaiting,
    graceMs: 2_000,
    everyMs: 2_500,
    answerWaitMs: 6_000,
  });
  return { ...t, r, restarts };
}

describe('ICE restart policy of the caller', () => {
  it('lets a short disconnection heal by itself', () => {
    const { r, advance, restarts } = setup();
    r.onIceState('disconnected');
    advance(1_500);
    r.onIceState('connected');
    advance(10_000);
    expect(restarts).toEqual([]);
  });

  it('restarts after the grace and keeps restarting through checking until connected', () => {
    const { r, advance, restarts } = setup();
    r.onIceState('disconnected');
    advance(2_000);
    r.onIceState('checking');
    advance(5_000);
    expect(restarts).toEqual([2_000, 4_500, 7_000]);
    r.onIceState('connected');
    advance(10_000);
    expect(restarts).toHaveLength(3);
  });

  it('restarts at once when ICE failed', () => {
    const { r, restarts } = setup();
    r.onIceState('failed');
    expect(restarts).toEqual([0]);
  });

  it('does not cross an unanswered offer until it has waited long enough', () => {
    let awaiting = false;
    const { r, advance, restarts } = setup(() => awaiting);
    r.onIceState('failed');
    awaiting = true;
    advance(5_000);
    expect(restarts).toEqual([0]);
    advance(2_500);
    expect(restarts).toEqual([0, 7_500]);
  });

  it('does nothing after stop (the call ended)', () => {
    const { r, advance, restarts } = setup();
    r.onIceState('disconnected');
    r.stop();
    advance(10_000);
    r.onIceState('failed');
    expect(restarts).toEqual([]);
  });
});
