import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Context } from 'hono';
import { AppError } from '../../kernel/errors.js';
import type { AppEnv } from '../../kernel/http/env.js';
import type { AuthDeps } from '../deps.js';
import { relyingParty } from '../passkeys/relying-party.js';
import { startPasskeySecondFactor, verifyPasskeySecondFactor } from '../passkeys/second-factor.js';
import { CeremonyOptions } from '../passkeys/wire.js';
import { csrfMatches, readSessionCookie } from '../session-cookie.js';
import { findSession, sessionDenial } from '../session-store.js';
import { problems } from './schemas.js';

type LockedSession = NonNullable<Awaited<ReturnType<typeof findSession>>>;

/**
 * The session behind the request, checked as every unlock step checks it: it exists, the CSRF token matches
 * (the session middleware skips CSRF for a locked session: it has no principal), and it is live apart from
 * the lock. `locked: false`: nothing to unlock. Used by: POST /api/auth/unlock and its passkey options.
 */
export async function lockedSessionOf(
  c: Context<AppEnv>,
  deps: AuthDeps,
): Promise<{ session: LockedSession; locked: boolean }> {
  const token = readSessionCookie(c, deps.config.COOKIE_SECURE);
  const session = token ? await findSession(deps.db.db, token) : null;
  if (!token || !session) throw AppError.unauthenticated('Log in first.');
  if (!csrfMatches(token, c.req.header('x-csrf-token')))
    throw AppError.forbidden('The request could not be verified. Reload the page and try again.');
  const denial = sessionDenial(session, new Date(deps.clock.now()), c.get('clientIp'));
  if (denial === null) return { session, locked: false };
  if (denial !== 'locked') throw AppError.unauthenticated('Your session has ended. Log in again.');
  return { session, locked: true };
}

const optionsRoute = createRoute({
  method: 'post',
  path: '/api/auth/unlock/passkey/options',
  tags: ['auth'],
  summary: 'Unlock an idle-locked night-watch console with a passkey: ask the passkey',
  description:
    'Only for a session locked by idleness while on night-watch duty. The challenge is bound to this session, single use, and only this person’s passkeys are allowed; the answer goes to POST /api/auth/unlock as { passkey }.',
  responses: {
    200: {
      description: 'options for navigator.credentials.get',
      content: { 'application/json': { schema: CeremonyOptions } },
    },
    ...problems,
  },
});

/** The locked session as the passkey step sees it: the same person, the same session the challenge is bound to. */
const asPending = (session: LockedSession) => ({
  id: session.id,
  kind: session.subjectKind,
  subjectId: session.subjectId,
  municipalityId: session.municipalityId,
  stage: 'second_factor' as const,
});

/** Issue 10 §1: "Lås op med nøgle" (passkey) beside the PIN and the app's code. Used by: the console's lock screen. */
export function unlockPasskeyRoutes(app: OpenAPIHono<AppEnv>, deps: AuthDeps) {
  const rp = relyingParty(deps.config);
  app.openapi(optionsRoute, async (c) => {
    const { session, locked } = await lockedSessionOf(c, deps);
    if (!locked) throw AppError.conflict('The console is not locked.');
    return c.json(await startPasskeySecondFactor(deps, rp, asPending(session)), 200);
  });
}

/**
 * The passkey proves the person at the screen (WebAuthn §7.2: this session's single-use challenge, this person's
 * credential, our origin, user verification, a growing counter); a failure is audited and refused with one text.
 */
export async function verifyUnlockPasskey(
  deps: AuthDeps,
  session: LockedSession,
  response: AuthenticationResponseJSON,
  ip: string | null,
): Promise<void> {
  await verifyPasskeySecondFactor(deps, relyingParty(deps.config), asPending(session), { response, ip });
}
