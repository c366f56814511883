import type { ActivationDelivery } from '../delivery/index.js';
import type { CoreDeps, MakeLimiter, SessionSockets } from '../kernel/ports.js';

/** What the citizens feature (support's citizen admin, activation, the citizen's own credential) needs. */
export interface CitizensDeps extends CoreDeps {
  /** Sends citizens' activation codes (letter/SMS/Digital Post); built from config when absent. */
  readonly activationDelivery?: ActivationDelivery;
  /** Limiters for the activation and login throttles; in memory when absent (one node). */
  readonly limiters?: MakeLimiter;
  /**
   * Closes the signalling sockets of sessions a revoked credential started, so the lost phone stops ringing at
   * once rather than at the next WebSocket session check (absent: that check alone, up to 30 s later).
   */
  readonly sessionSockets?: SessionSockets;
}
