import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock, ClockTimer } from '@screenvisit/protocol';

interface Pending {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/**
 * A Clock whose time moves only through advance(). Timers run in due order (ties in creation order), and
 * the event loop gets a turn after each so promise chains waiting on a timer settle before the next one.
 */
export class FakeClock implements Clock {
  #now: number;
  #nextId = 1;
  #timers = new Map<number, Pending>();

  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): ClockTimer {
    const id = this.#nextId++;
    this.#timers.set(id, { id, at: this.#now + Math.max(0, ms), fn });
    return { id } as unknown as ClockTimer;
  }

  clearTimeout(timer: ClockTimer): void {
    this.#timers.delete((timer as unknown as { id: number }).id);
  }

  get pendingTimers(): number {
    return this.#timers.size;
  }

  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await nextTurn();
    for (;;) {
      const due = [...this.#timers.values()]
        .filter((t) => t.at <= target)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.#timers.delete(due.id);
      this.#now = due.at;
      due.fn();
      await nextTurn();
    }
    this.#now = target;
  }
}
