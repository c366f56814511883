import type { CoreDeps, Deactivator } from '../kernel/ports.js';

/** What the gdpr feature needs: the core, and the Deactivator (its routes answer 503 without it). */
export interface GdprDeps extends CoreDeps {
  readonly deactivator?: Deactivator;
}
