import type { ActivationDelivery } from '../delivery/index.js';
import type { CoreDeps, MakeLimiter } from '../kernel/ports.js';

/** What the citizens feature (support's citizen admin, activation, the citizen's own credential) needs. */
export interface CitizensDeps extends CoreDeps {
  /** Sends citizens' activation codes (letter/SMS/Digital Post); built from config when absent. */
  readonly activationDelivery?: ActivationDelivery;
  /** Limiters for the activation and login throttles; in memory when absent (one node). */
  readonly limiters?: MakeLimiter;
}
