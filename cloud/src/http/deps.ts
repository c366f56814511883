import type { Clock } from '@screenvisit/protocol';
import type { CloudConfig } from '../config.js';
import type { Database } from '../db/index.js';
import type { Logger } from '../logger.js';

/** What the HTTP layer needs from the rest of the process; composed in server.ts, replaced in tests. */
export interface AppDeps {
  readonly config: CloudConfig;
  readonly db: Database;
  readonly broker: { ready(): boolean };
  readonly log: Logger;
  readonly clock: Clock;
  readonly version: string;
  /** Built browser clients (cloud/web/dist); null when not built. */
  readonly webRoot: string | null;
}
