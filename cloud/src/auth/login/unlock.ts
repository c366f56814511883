import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError } from '../../kernel/errors.js';
import type { AppEnv } from '../../kernel/http/env.js';
import type { AuthDeps } from '../deps.js';
import { csrfMatches, readSessionCookie } from '../session-cookie.js';
import { findSession, sessionDenial, touchSession } from '../session-store.js';
import { auditAuth } from './audit.js';
import type { LoginState } from './login-state.js';
import { problems } from './schemas.js';
import { verifySecondFactor } from './second-factor.js';
import { withRetryAfter } from './throttle-header.js';

const UnlockRequest = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[0-9]{6}$/, 'six digits'),
  })
  .strict()
  .openapi('UnlockRequest');

const unlockRoute = createRoute({
  method: 'post',
  path: '/api/auth/unlock',
  tags: ['auth'],
  summary: 'Unlock an idle-locked night-watch console with a code from the authenticator app',
  description:
    'Only a session locked by idleness while its person is on night-watch duty can be unlocked; any other idle session has ended. Throttled like the login code step. Works while a call rings, so the call can be answered within seconds.',
  request: { body: { required: true, content: { 'application/json': { schema: UnlockRequest } } } },
  responses: { 204: { description: 'unlocked: the session is active again' }, ...problems },
});

/**
 * Issue 10 §1: one step unlocks. The session is the same one (same token, same CSRF token, the socket never
 * closed); the code proves the same person is at the screen. A wrong code counts against the same per-person and
 * per-IP throttle as the login's code step. Used by: POST /api/auth/unlock.
 */
export function unlockRoutes(app: OpenAPIHono<AppEnv>, deps: AuthDeps, loginState: LoginState) {
  const secure = deps.config.COOKIE_SECURE;
  app.openapi(unlockRoute, async (c) => {
    const token = readSessionCookie(c, secure);
    const session = token ? await findSession(deps.db.db, token) : null;
    if (!token || !session) throw AppError.unauthenticated('Log in first.');
    // The session middleware skips its CSRF check for a locked session (it has no principal): check here.
    if (!csrfMatches(token, c.req.header('x-csrf-token')))
      throw AppError.forbidden('The request could not be verified. Reload the page and try again.');
    const now = new Date(deps.clock.now());
    const ip = c.get('clientIp');
    const denial = sessionDenial(session, now, ip);
    if (denial === null) return c.body(null, 204);
    if (denial !== 'locked') throw AppError.unauthenticated('Your session has ended. Log in again.');
    const { code } = c.req.valid('json');
    await withRetryAfter(c, () =>
      verifySecondFactor(
        deps,
        loginState,
        {
          sessionId: session.id,
          staffId: session.subjectId,
          municipalityId: session.municipalityId,
          stage: 'second_factor',
        },
        { method: 'totp', code },
        ip,
      ),
    );
    await touchSession(deps.db.db, session.id, now);
    await auditAuth(deps, {
      action: 'auth.unlocked',
      municipalityId: session.municipalityId,
      staffId: session.subjectId,
      ip,
    });
    return c.body(null, 204);
  });
}
