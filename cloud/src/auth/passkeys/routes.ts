import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { appendAudit } from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import type { AppEnv } from '../../kernel/http/env.js';
import { problem } from '../../kernel/http/problem-schema.js';
import type { AuthDeps } from '../deps.js';
import { issueSession } from '../issue-session.js';
import { requireAuth } from '../session-middleware.js';
import { myPasskeys, removePasskey, toPasskeyView } from './manage.js';
import { pendingSecondFactor, requireSecondFactorStage, retirePendingSession } from './pending.js';
import { finishRegistration, startRegistration } from './registration.js';
import { relyingParty } from './relying-party.js';
import { startPasskeySecondFactor, verifyPasskeySecondFactor } from './second-factor.js';
import {
  CeremonyOptions,
  Passkey,
  PasskeyList,
  RegisterPasskeyRequest,
  SecondFactorDone,
  VerifyPasskeyRequest,
} from './wire.js';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

const registrationOptions = createRoute({
  method: 'post',
  path: '/api/auth/passkeys/registration/options',
  tags: ['auth'],
  summary: 'Start adding a passkey to my account',
  description:
    'Needs a full session. The challenge is bound to this session, expires in minutes and is single use.',
  middleware: [requireAuth()] as const,
  responses: {
    200: { description: 'options for navigator.credentials.create', content: json(CeremonyOptions) },
    401: problem('not logged in'),
    409: problem('too many passkeys'),
  },
});

const registrationVerify = createRoute({
  method: 'post',
  path: '/api/auth/passkeys/registration/verify',
  tags: ['auth'],
  summary: 'Finish adding a passkey',
  middleware: [requireAuth()] as const,
  request: { body: { required: true, content: json(RegisterPasskeyRequest) } },
  responses: {
    201: { description: 'passkey added', content: json(Passkey) },
    400: problem('invalid input or the passkey could not be verified'),
    401: problem('not logged in'),
    409: problem('no outstanding challenge, or the passkey is already registered'),
  },
});

const list = createRoute({
  method: 'get',
  path: '/api/auth/passkeys',
  tags: ['auth'],
  summary: 'My passkeys',
  middleware: [requireAuth()] as const,
  responses: { 200: { description: 'passkeys', content: json(PasskeyList) }, 401: problem('not logged in') },
});

const remove = createRoute({
  method: 'delete',
  path: '/api/auth/passkeys/{id}',
  tags: ['auth'],
  summary: 'Remove one of my passkeys',
  middleware: [requireAuth()] as const,
  request: { params: z.object({ id: z.uuid() }) },
  responses: {
    204: { description: 'removed' },
    401: problem('not logged in'),
    404: problem('no such passkey of mine'),
  },
});

const secondFactorOptions = createRoute({
  method: 'post',
  path: '/api/auth/second-factor/passkey/options',
  tags: ['auth'],
  summary: 'After the password: ask my passkey',
  middleware: [requireSecondFactorStage()] as const,
  responses: {
    200: { description: 'options for navigator.credentials.get', content: json(CeremonyOptions) },
    401: problem('no login waiting for its second factor'),
    409: problem('no passkey registered'),
  },
});

const secondFactorVerify = createRoute({
  method: 'post',
  path: '/api/auth/second-factor/passkey/verify',
  tags: ['auth'],
  summary: 'After the password: prove the passkey and get a full session (a new session cookie)',
  middleware: [requireSecondFactorStage()] as const,
  request: { body: { required: true, content: json(VerifyPasskeyRequest) } },
  responses: {
    200: { description: 'logged in', content: json(SecondFactorDone) },
    400: problem('invalid input'),
    401: problem('no login waiting, or the passkey was refused'),
  },
});

/** Passkeys: registration and management (full session) and the second-factor step of a login. */
export function passkeyRoutes(app: OpenAPIHono<AppEnv>, deps: AuthDeps) {
  // Checked at start-up: a mismatched RP id and origin would refuse every ceremony.
  const rp = relyingParty(deps.config);
  const principalOf = (c: Context<AppEnv>) => c.get('principal')!;

  app.openapi(registrationOptions, async (c) => {
    return c.json(await startRegistration(deps, rp, principalOf(c)), 200);
  });

  app.openapi(registrationVerify, async (c) => {
    const body = c.req.valid('json');
    const row = await finishRegistration(deps, rp, principalOf(c), { ...body, ip: c.get('clientIp') });
    return c.json(toPasskeyView(row), 201);
  });

  app.openapi(list, async (c) => {
    return c.json({ passkeys: await myPasskeys(deps, principalOf(c)) }, 200);
  });

  app.openapi(remove, async (c) => {
    await removePasskey(deps, principalOf(c), c.req.valid('param').id, c.get('clientIp'));
    return c.body(null, 204);
  });

  app.openapi(secondFactorOptions, async (c) => {
    const pending = await pendingSecondFactor(c, deps);
    return c.json(await startPasskeySecondFactor(deps, rp, pending), 200);
  });

  app.openapi(secondFactorVerify, async (c) => {
    const pending = await pendingSecondFactor(c, deps);
    const ip = c.get('clientIp');
    const passkeyId = await verifyPasskeySecondFactor(deps, rp, pending, {
      response: c.req.valid('json').response,
      ip,
    });
    // A NEW token for the full session; the half-way one dies (no session fixation, ASVS 5.0 7.2.4).
    if (!(await retirePendingSession(deps, pending.id, new Date(deps.clock.now())))) {
      throw AppError.unauthenticated('This login has ended. Log in again.');
    }
    const { sessionId, csrfToken } = await issueSession(c, deps, {
      subjectKind: pending.kind,
      subjectId: pending.subjectId,
      municipalityId: pending.municipalityId,
      stage: 'full',
      method: 'passkey',
      ip,
    });
    await appendAudit(deps.db.db, {
      municipalityId: pending.municipalityId,
      at: new Date(deps.clock.now()),
      actorKind: pending.kind,
      actorId: pending.subjectId,
      action: 'auth.second_factor.succeeded',
      targetKind: pending.kind,
      targetId: pending.subjectId,
      ip,
      details: { method: 'passkey', passkeyId, sessionId },
    });
    return c.json({ stage: 'full' as const, csrfToken }, 200);
  });
}
