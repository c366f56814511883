import type { CallControl, CoreDeps } from '../kernel/ports.js';

/** What the people search needs: the database (scoped by municipality) and, for "online", the call hooks. */
export interface PeopleDeps extends CoreDeps {
  /** Who is connected now (reachable staff, citizens with a page or kiosk); absent: nobody shows as online. */
  readonly callHooks?: CallControl;
}
