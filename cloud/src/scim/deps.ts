import type { CoreDeps, Deactivator } from '../kernel/ports.js';

/** What the scim feature needs: the core, and the Deactivator (its routes answer 503 without it). */
export interface ScimDeps extends CoreDeps {
  readonly deactivator?: Deactivator;
}
