import type { Clock, ClockTimer } from '../clock.js';

/**
 * A Clock for tests that moves only when the test says so. Due timers fire in order (ties in creation order)
 * inside advance(), each seeing now() at its own due time.
 */
export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #timers = new Map<number, { due: number; fn: () => void }>();
  constructor(start = Date.parse('2026-01-01T10:00:00Z')) {
    this.#now = start;
  }
  now(): number {
    return this.#now;
  }
  setTimeout(fn: () => void, ms: number): ClockTimer {
    const id = ++this.#seq;
    this.#timers.set(id, { due: this.#now + Math.max(0, ms), fn });
    return id as unknown as ClockTimer;
  }
  clearTimeout(timer: ClockTimer): void {
    this.#timers.delete(timer as unknown as number);
  }
  get pending(): number {
    return this.#timers.size;
  }
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      let next: [number, { due: number; fn: () => void }] | undefined;
      for (const entry of this.#timers)
        if (entry[1].due <= end && (!next || entry[1].due < next[1].due)) next = entry;
      if (!next) break;
      this.#timers.delete(next[0]);
      this.#now = next[1].due;
      next[1].fn();
    }
    this.#now = end;
  }
  /**
   * advance(), but the event loop gets a turn before the first timer and after each one, so promise chains
   * waiting on a timer (a simulated button's sleep, a driver's write) settle before the next timer is due.
   */
  async advanceSettling(ms: number): Promise<void> {
    const end = this.#now + ms;
    await nextTurn();
    for (;;) {
      let next: [number, { due: number; fn: () => void }] | undefined;
      for (const entry of this.#timers)
        if (entry[1].due <= end && (!next || entry[1].due < next[1].due)) next = entry;
      if (!next) break;
      this.#timers.delete(next[0]);
      this.#now = next[1].due;
      next[1].fn();
      await nextTurn();
    }
    this.#now = end;
  }
}

/** A real macrotask turn: every queued microtask (promise continuation) runs before it. */
const nextTurn = (): Promise<void> => new Promise((resolve) => globalThis.setTimeout(resolve, 0));
