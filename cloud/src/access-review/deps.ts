import type { CoreDeps } from '../kernel/ports.js';

/** What the access-review job needs (issue 13 §4): the database, the injected clock and a logger. */
export type AccessReviewDeps = Pick<CoreDeps, 'db' | 'clock' | 'log'>;

/** What its routes need: the same, read through the session's principal. */
export type AccessReviewRouteDeps = Pick<CoreDeps, 'db' | 'clock'>;
