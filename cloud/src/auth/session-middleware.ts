import type { MiddlewareHandler } from 'hono';
import { AppError } from '../kernel/errors.js';
import { clientIp } from '../kernel/http/client-ip.js';
import type { AppEnv } from '../kernel/http/env.js';
import type { Role } from '../kernel/principal.js';
import type { AuthDeps } from './deps.js';
import { clearSessionCookie, csrfMatches, readSessionCookie } from './session-cookie.js';
import { findSession, revokeSession, sessionDenial, touchSession } from './session-store.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Requests carrying this header (the idle-warning poll) do not count as activity. */
export const PASSIVE_HEADER = 'x-sv-passive';

type Denial = AppEnv['Variables']['denial'];

/**
 * Resolves the session cookie into `principal` (a full session) or `pendingSession` (second factor or
 * password change still to do). Enforced here, for every request: revocation, absolute lifetime, idle timeout
 * (per municipality), a disabled subject, the staff network allow-list, and CSRF on unsafe methods.
 */
export function sessionMiddleware(deps: AuthDeps): MiddlewareHandler<AppEnv> {
  const secure = deps.config.COOKIE_SECURE;
  return async function session(c, next) {
    const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
    const ip = clientIp(
      incoming?.socket?.remoteAddress ?? null,
      c.req.header('x-forwarded-for'),
      deps.config.TRUSTED_PROXIES,
    );
    c.set('clientIp', ip);
    c.set('principal', null);
    c.set('pendingSession', null);
    c.set('denial', 'none');
    const token = readSessionCookie(c, secure);
    if (!token) return next();

    const now = new Date(deps.clock.now());
    const session = await findSession(deps.db.db, token);
    if (!session) {
      clearSessionCookie(c, secure);
      return next();
    }
    const denial: Denial = sessionDenial(session, now, ip) ?? 'none';
    if (denial !== 'none') {
      c.set('denial', denial);
      // A network denial leaves the session alone (the person may be back on the municipal network);
      // the other three end it for good.
      if (denial !== 'network') {
        await revokeSession(deps.db.db, session.id, denial, now);
        clearSessionCookie(c, secure);
      }
      return next();
    }
    if (UNSAFE.has(c.req.method) && !csrfMatches(token, c.req.header('x-csrf-token'))) {
      throw AppError.forbidden('The request could not be verified. Reload the page and try again.');
    }
    if (session.stage === 'full') {
      c.set('principal', {
        kind: session.subjectKind,
        id: session.subjectId,
        role: session.role,
        municipalityId: session.municipalityId,
        sessionId: session.id,
      });
    } else {
      c.set('pendingSession', {
        id: session.id,
        stage: session.stage,
        kind: session.subjectKind,
        subjectId: session.subjectId,
      });
    }
    if (!c.req.header(PASSIVE_HEADER)) await touchSession(deps.db.db, session.id, now);
    return next();
  };
}

const DENIAL_TEXT: Record<Denial, string> = {
  none: 'Log in first.',
  expired: 'Your session has ended. Log in again.',
  idle: 'You were logged out because you were inactive. Log in again.',
  disabled: 'This account is closed. Contact support.',
  network: 'Staff can only use ScreenVisit from the municipality’s network.',
};

/** Guards a route: a full session of one of `roles` (any role when omitted). */
export function requireAuth(roles?: readonly Role[]): MiddlewareHandler<AppEnv> {
  return async function requireAuthHandler(c, next) {
    const principal = c.get('principal');
    if (!principal) {
      const denial = c.get('denial');
      if (denial === 'network') throw AppError.forbidden(DENIAL_TEXT.network);
      throw AppError.unauthenticated(DENIAL_TEXT[denial]);
    }
    if (roles && !roles.includes(principal.role)) throw AppError.forbidden();
    return next();
  };
}
