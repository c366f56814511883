/**
 * access-review/ owns the periodic review of every unit's access lines (issue 13 §4): opening due reviews
 * (review.ts) and the job that removes lines nobody confirmed by their deadline (schedule.ts).
 */
import type { CallControl, CoreDeps, KioskConfigs } from '../kernel/ports.js';

/**
 * What the access-review job needs (issue 13 §4): the database, the injected clock and a logger, the kiosks'
 * pushed config, so a relation it removes puts out the resident's night-watch lamp (absent: nothing pushed), and
 * the call router, so a live call that relation allowed ends now, not at the router's next periodic re-check
 * (absent: only that re-check ends it).
 */
export type AccessReviewDeps = Pick<CoreDeps, 'db' | 'clock' | 'log'> & {
  readonly kioskConfigs?: KioskConfigs;
  readonly callHooks?: Pick<CallControl, 'recheckPermissions'>;
};

/** What its routes need: the same, read through the session's principal. */
export type AccessReviewRouteDeps = AccessReviewDeps;
