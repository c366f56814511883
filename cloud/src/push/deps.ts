import type { CoreDeps } from '../kernel/ports.js';

/** What the push feature's HTTP routes (a citizen's own browser subscribing to call pushes) need. */
export interface PushDeps extends CoreDeps {
  /** The VAPID public key (RFC 8292; push/vapid-keys.ts); the citizen push routes answer 503 without it. */
  readonly vapidPublicKey?: string;
}
