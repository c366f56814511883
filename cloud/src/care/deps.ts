import type { CallControl, CoreDeps, KioskConfigs } from '../kernel/ports.js';
import type { ImportJobs } from './imports/jobs.js';

/** What the care API (relations, day plan, night-watch settings/duty/roster/queue, imports, stats) needs. */
export interface CareDeps extends CoreDeps {
  /** The call router's hooks (re-check live calls, ring queued calls, read a queue); absent: no-ops. */
  readonly callHooks?: CallControl;
  /** Pushes a pool's changed switchboard number to the kiosks calling it; absent (no device service): nothing. */
  readonly kioskConfigs?: KioskConfigs;
  /** Bulk import jobs shared by the nodes (imports/jobs.ts sharedImportJobs); absent: this node's memory. */
  readonly importJobs?: ImportJobs;
}
