import type { CoreDeps, Deactivator, SessionSockets } from '../kernel/ports.js';

/** What account lifecycle routes (disable, inactivity) and the record features mounted beside them need. */
export interface AccountsDeps extends CoreDeps {
  /** Ends a person's or device's access at once (sessions, WebSocket, MQTT); routes answer 503 without it. */
  readonly deactivator?: Deactivator;
  /** Closes the WebSockets of sessions an access reset revoked (reset-access/routes.ts); absent: the socket check does. */
  readonly sessionSockets?: SessionSockets;
}
