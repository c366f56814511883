import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { AppError } from '../../kernel/errors.js';
import type { AppEnv } from '../../kernel/http/env.js';
import type { AuthDeps } from '../deps.js';
import { AuthenticationResponse } from '../passkeys/wire.js';
import { touchSession } from '../session-store.js';
import { createPinStrikes, type PinStrikes } from '../unlock-pin/pin-strikes.js';
import { checkUnlockPin } from '../unlock-pin/store.js';
import { auditAuth } from './audit.js';
import type { LoginState } from './login-state.js';
import { ThrottledError } from './password-login.js';
import { problems } from './schemas.js';
import { verifySecondFactor } from './second-factor.js';
import { withRetryAfter } from './throttle-header.js';
import { lockedSessionOf, verifyUnlockPasskey } from './unlock-passkey.js';

const UnlockRequest = z
  .union([
    z
      .object({
        code: z
          .string()
          .trim()
          .regex(/^[0-9]{6}$/, 'six digits'),
      })
      .strict(),
    z
      .object({
        pin: z
          .string()
          .trim()
          .regex(/^[0-9]{6,8}$/, '6 to 8 digits'),
      })
      .strict(),
    // The passkey's answer to POST /api/auth/unlock/passkey/options (unlock-passkey.ts).
    z.object({ passkey: AuthenticationResponse }).strict(),
  ])
  .openapi('UnlockRequest');

export const PIN_OFF = 'The PIN is switched off after too many wrong tries. Use the code from your app.';

const unlockRoute = createRoute({
  method: 'post',
  path: '/api/auth/unlock',
  tags: ['auth'],
  summary:
    'Unlock an idle-locked night-watch console with a passkey, the PIN or a code from the authenticator app',
  description:
    'Only a session locked by idleness while its person is on night-watch duty can be unlocked; any other idle session has ended. Throttled like the login code step; five wrong PINs in a row switch the PIN off until an app code unlocks. A passkey answers the challenge from POST /api/auth/unlock/passkey/options. Works while a call rings, so the call can be answered within seconds.',
  request: { body: { required: true, content: { 'application/json': { schema: UnlockRequest } } } },
  responses: { 204: { description: 'unlocked: the session is active again' }, ...problems },
});

/**
 * Issue 10 §1: one step unlocks. The session is the same one (same token, same CSRF token, the socket never
 * closed); the code proves the same person is at the screen. A wrong code counts against the same per-person and
 * per-IP throttle as the login's code step. Used by: POST /api/auth/unlock.
 */
export function unlockRoutes(app: OpenAPIHono<AppEnv>, deps: AuthDeps, loginState: LoginState) {
  const strikes = createPinStrikes(deps.limiters);
  app.openapi(unlockRoute, async (c) => {
    const { session, locked } = await lockedSessionOf(c, deps);
    if (!locked) return c.body(null, 204);
    const now = new Date(deps.clock.now());
    const ip = c.get('clientIp');
    const secret = c.req.valid('json');
    if ('passkey' in secret)
      await verifyUnlockPasskey(deps, session, secret.passkey as AuthenticationResponseJSON, ip);
    else if ('pin' in secret)
      await withRetryAfter(c, () => verifyPin(deps, loginState, strikes, session, secret.pin, ip));
    else {
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
          { method: 'totp', code: secret.code },
          ip,
        ),
      );
      // The app's code proves the person: the PIN works again (its strikes and its delays are cleared).
      await strikes.clear(session.subjectId);
      await loginState.throttle.recordSuccess(pinAccount(session.subjectId));
    }
    await touchSession(deps.db.db, session.id, now);
    await auditAuth(deps, {
      action: 'auth.unlocked',
      municipalityId: session.municipalityId,
      staffId: session.subjectId,
      ip,
      details: { method: 'passkey' in secret ? 'passkey' : 'pin' in secret ? 'pin' : 'totp' },
    });
    return c.body(null, 204);
  });
}

const pinAccount = (staffId: string) => `unlock-pin:${staffId}`;

/**
 * The PIN step: the login throttle's per-person and per-IP delays first (a Retry-After like the code step),
 * then the strikes (five misses switch the PIN off), then one argon2 verification.
 */
async function verifyPin(
  deps: AuthDeps,
  loginState: LoginState,
  strikes: PinStrikes,
  session: { subjectId: string; municipalityId: string },
  pin: string,
  ip: string | null,
): Promise<void> {
  const keys = { account: pinAccount(session.subjectId), ip };
  const wait = await loginState.throttle.retryAfterMs(keys);
  if (wait > 0) throw new ThrottledError(wait);
  if (!(await strikes.allowed(session.subjectId))) {
    // Refused before any check: the attempt let through by retryAfterMs is settled, not left in flight for 30 s.
    await loginState.throttle.settle(keys);
    throw AppError.unauthenticated(PIN_OFF);
  }
  if (await checkUnlockPin(deps.db.db, session.subjectId, pin)) {
    await loginState.throttle.recordSuccess(keys.account, ip);
    await strikes.clear(session.subjectId);
    return;
  }
  await loginState.throttle.recordFailure(keys);
  await strikes.strike(session.subjectId);
  await auditAuth(deps, {
    action: 'auth.unlock_pin.failed',
    municipalityId: session.municipalityId,
    staffId: session.subjectId,
    ip,
  });
  throw AppError.unauthenticated(
    (await strikes.allowed(session.subjectId)) ? 'The PIN is not right.' : PIN_OFF,
  );
}
