import type { CoreDeps } from '../kernel/ports.js';

/** What the alerts feature needs: the database and the clock; it only reads. */
export type AlertsDeps = Pick<CoreDeps, 'db' | 'clock'>;
