import type { IncomingMessage } from 'node:http';
import type { Clock } from '@screenvisit/protocol';
import { parse as parseCookie } from 'hono/utils/cookie';
import { cookieName } from '../../auth/session-cookie.js';
import { findSession, revokeSession, sessionDenial, touchSession } from '../../auth/session-store.js';
import type { Database } from '../../db/index.js';
import type { CloudConfig } from '../../kernel/config.js';
import { clientIp } from '../../kernel/http/client-ip.js';
import type { SessionStatus, UpgradeAdmission } from './server.js';

export interface WsAuthDeps {
  readonly db: Database;
  readonly clock: Clock;
  readonly config: Pick<CloudConfig, 'COOKIE_SECURE' | 'TRUSTED_PROXIES' | 'PUBLIC_URL'>;
}

/**
 * Admits a signalling WebSocket only for a full, live session: the same `sessionDenial` rule as
 * sessionMiddleware (revoked, absolute lifetime, idle timeout, disabled subject, staff network), plus Origin.
 * Browsers send cookies on cross-site WebSocket handshakes and the WebSocket API has no CORS, so without the
 * Origin check any page could open a socket as the logged-in user (cross-site WebSocket hijacking;
 * RFC 6455 §10.2 tells servers to check Origin).
 */
export function createWsAuthenticator(deps: WsAuthDeps) {
  return async function authenticate(request: IncomingMessage): Promise<UpgradeAdmission> {
    if (!originAllowed(request, deps.config.PUBLIC_URL)) {
      return { ok: false, status: 403, reason: 'origin' };
    }
    const token = parseCookie(request.headers.cookie ?? '', cookieName(deps.config.COOKIE_SECURE))[
      cookieName(deps.config.COOKIE_SECURE)
    ];
    if (!token) return { ok: false, status: 401, reason: 'no_session' };
    const session = await findSession(deps.db.db, token);
    if (session?.stage !== 'full') return { ok: false, status: 401, reason: 'no_session' };
    const now = new Date(deps.clock.now());
    const forwarded = request.headers['x-forwarded-for'];
    const ip = clientIp(
      request.socket.remoteAddress ?? null,
      Array.isArray(forwarded) ? forwarded.join(',') : forwarded,
      deps.config.TRUSTED_PROXIES,
    );
    const denial = sessionDenial(session, now, ip);
    if (denial === 'network') return { ok: false, status: 403, reason: denial };
    const owner = { kind: session.subjectKind, id: session.subjectId };
    // The lock is a matter of time (idle since the last request), so it is re-read at each call decision: a
    // socket opened while unlocked may be locked by the time a call rings. Staff only: only staff lock.
    // A call decision that passes is the person's own action (pressing "Besvar", "Afvis", calling), so it counts as
    // activity as a non-passive request does (session-middleware.ts): since the ring's ICE prefetch is passive,
    // nothing else marked the answer, and an answered night-watch call could lock minutes into the talk.
    const unlocked = async () => {
      const current = await findSession(deps.db.db, token);
      if (current === null) return false;
      const at = new Date(deps.clock.now());
      const why = sessionDenial(current, at, ip);
      if (why === null) await touchSession(deps.db.db, current.id, at);
      return why !== 'locked';
    };
    // Read again on the server's session check: a session that ended since the upgrade (logout elsewhere, idle
    // or absolute timeout, disabled, off duty while idle) closes its sockets; the same rule as sessionMiddleware,
    // which ends idle, expired and disabled sessions for good and leaves a locked one to its unlock.
    const status = async (): Promise<SessionStatus> => {
      const current = await findSession(deps.db.db, token);
      if (!current) return 'ended';
      const at = new Date(deps.clock.now());
      const why = sessionDenial(current, at, ip);
      if (why === null) return 'open';
      if (why === 'locked') return 'locked';
      if (why !== 'network') await revokeSession(deps.db.db, current.id, why, at);
      return 'ended';
    };
    const login = { id: session.id, status };
    const admitted =
      session.subjectKind === 'staff'
        ? { ok: true as const, owner, unlocked, session: login }
        : { ok: true as const, owner, session: login };
    // A locked on-duty console keeps (and may re-open) its socket: it must still ring (issue 10 §1), but
    // `unlocked` keeps it from answering until POST /api/auth/unlock.
    if (denial === 'locked') return admitted;
    if (denial) {
      await revokeSession(deps.db.db, session.id, denial, now);
      return { ok: false, status: 401, reason: denial };
    }
    return admitted;
  };
}

/** With PUBLIC_URL set, the Origin must be exactly it; otherwise its host must be the Host we were reached at. */
export function originAllowed(request: IncomingMessage, publicUrl: string | undefined): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (publicUrl) return parsed.origin === new URL(publicUrl).origin;
  return parsed.host === request.headers.host;
}
