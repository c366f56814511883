import type { CoreDeps, MakeLimiter, SessionSockets } from '../kernel/ports.js';

/** What the auth feature (sessions, staff login, passwords, TOTP, passkeys, SSO) needs from the node. */
export interface AuthDeps extends CoreDeps {
  /** Closes the sockets of a session that was just logged out (absent: nothing to close, e.g. no sockets). */
  readonly sessionSockets?: SessionSockets;
  /** Limiters for the login throttle and PIN strikes; in memory when absent (one node). */
  readonly limiters?: MakeLimiter;
  /**
   * TEST/DEV ONLY: allow SSO identity providers on plain http:// (a local oidc-provider in tests). Set only by
   * code (startCloud's options), never from the environment, so production configuration cannot enable it.
   */
  readonly dangerouslyAllowHttpIdpForTests?: boolean;
}
