import type { Clock } from '@screenvisit/protocol';
import type { Database } from '../db/index.js';
import type { Logger } from '../kernel/logger.js';
import { createDeactivator, type Deactivator, type DeactivatorDeps } from './deactivator.js';
import { runInactivitySweep, startInactivityJob } from './inactivity.js';

/** The PostgreSQL advisory lock name the inactivity job runs under. */
export const INACTIVITY_JOB_LOCK = 'screenvisit.job.inactivity';

export interface Records {
  readonly deactivator: Deactivator;
  /** One pass of the inactivity job at `now` (tests call it with a fake date). */
  sweepInactive(now: Date): Promise<number>;
  /** Start the periodic job on the clock; stop() waits for a running pass. */
  startJob(intervalMs: number): void;
  stop(): Promise<void>;
}

/** Composed once per cloud node in server.ts: the Deactivator and the inactivity job that uses it. */
export function createRecords(deps: {
  db: Database;
  clock: Clock;
  log: Logger;
  signalling: DeactivatorDeps['connections'];
  broker: DeactivatorDeps['devices'];
  loans?: DeactivatorDeps['loans'];
}): Records {
  const deactivator = createDeactivator({
    db: deps.db,
    clock: deps.clock,
    log: deps.log,
    connections: deps.signalling,
    devices: deps.broker,
    ...(deps.loans ? { loans: deps.loans } : {}),
  });
  const sweepInactive = (now: Date) =>
    runInactivitySweep({ db: deps.db.db, deactivator, log: deps.log }, now);
  let job: { stop(): Promise<void> } | null = null;
  return {
    deactivator,
    sweepInactive,
    startJob(intervalMs) {
      // One node of a cluster at a time (issue 14): the others skip this round. The sweep is idempotent, so
      // the lock only saves duplicate work and duplicate log lines, never correctness.
      const sweepAlone = async (now: Date) => {
        const outcome = await deps.db.runAlone(INACTIVITY_JOB_LOCK, () => sweepInactive(now));
        if (!outcome.ran) deps.log.debug('inactivity job already running on another node; skipped');
        return outcome.ran ? outcome.value : 0;
      };
      job ??= startInactivityJob({ clock: deps.clock, intervalMs, log: deps.log, sweep: sweepAlone });
    },
    stop: async () => {
      await job?.stop();
    },
  };
}
