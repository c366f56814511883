import type { IncomingMessage } from 'node:http';
import type { Clock } from '@screenvisit/protocol';
import { parse as parseCookie } from 'hono/utils/cookie';
import { cookieName } from '../../auth/session-cookie.js';
import { findSession, revokeSession, sessionDenial } from '../../auth/session-store.js';
import type { Database } from '../../db/index.js';
import type { CloudConfig } from '../../kernel/config.js';
import { clientIp } from '../../kernel/http/client-ip.js';
import type { UpgradeAdmission } from './server.js';

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
    if (denial) {
      await revokeSession(deps.db.db, session.id, denial, now);
      return { ok: false, status: 401, reason: denial };
    }
    return { ok: true, owner: { kind: session.subjectKind, id: session.subjectId } };
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
