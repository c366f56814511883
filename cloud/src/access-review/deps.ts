/**
 * access-review/ owns the periodic review of every unit's access lines (issue 13 §4): opening due reviews
 * (review.ts) and the job that removes lines nobody confirmed by their deadline (schedule.ts).
 */
import type { CoreDeps } from '../kernel/ports.js';

/** What the access-review job needs (issue 13 §4): the database, the injected clock and a logger. */
export type AccessReviewDeps = Pick<CoreDeps, 'db' | 'clock' | 'log'>;

/** What its routes need: the same, read through the session's principal. */
export type AccessReviewRouteDeps = Pick<CoreDeps, 'db' | 'clock'>;
