import { type Clock, systemClock } from '@screenvisit/protocol';

/**
 * A deadline on I/O (a database answer) that gives I/O one more turn of the event loop before it calls `late`.
 * When this process's own event loop was busy past the deadline (a node taking a returning fleet, issue 14), the
 * timer and the answer come due in the same turn, and Node runs timers before it reads sockets: without the extra
 * turn the timer always wins, and a stall of our own is reported as a slow database although its answer had
 * arrived. After the timer, `setImmediate` runs in the same turn's check phase, after the poll phase has read the
 * sockets (and run their promise continuations), so an answer that is already there settles first.
 * Returns `cancel` (clears the timer and the extra turn); call it once the I/O settled.
 */
export function ioDeadline(
  late: () => void,
  ms: number,
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'> = systemClock,
): () => void {
  let last: ReturnType<typeof setImmediate> | undefined;
  const timer = clock.setTimeout(() => {
    last = setImmediate(late);
  }, ms);
  return () => {
    clock.clearTimeout(timer);
    clearImmediate(last);
  };
}
