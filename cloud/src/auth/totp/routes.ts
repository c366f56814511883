import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../../kernel/errors.js';
import type { AppEnv } from '../../kernel/http/env.js';
import type { AuthDeps } from '../deps.js';
import { listSecondFactors, mayEnrolAtLogin } from '../login/factors.js';
import type { LoginState } from '../login/login-state.js';
import { completeStaffLogin, type PendingStaffLogin, requirePendingStaff } from '../login/pending.js';
import { CodeRequest, ConfirmResponse, EnrolResponse, problems } from '../login/schemas.js';
import { confirmTotpEnrolment, startTotpEnrolment, type TotpSubject } from './enrolment.js';

const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } });

const enrolRoute = createRoute({
  method: 'post',
  path: '/api/auth/totp/enrol',
  tags: ['auth'],
  summary: 'Start adding an authenticator app (QR code)',
  description:
    'For a logged-in staff member, or at first login (stage `second_factor`) when the person has no second factor yet.',
  responses: {
    200: { description: 'scan this, then confirm with a code', ...json(EnrolResponse) },
    ...problems,
  },
});

const confirmRoute = createRoute({
  method: 'post',
  path: '/api/auth/totp/confirm',
  tags: ['auth'],
  summary: 'Confirm the authenticator app with a code; get recovery codes',
  description: 'At first login this also completes the login: a full session with a new token.',
  request: { body: { required: true, ...json(CodeRequest) } },
  responses: {
    200: { description: 'confirmed; recovery codes shown once', ...json(ConfirmResponse) },
    ...problems,
    409: { ...problems[400], description: 'no enrolment waiting' },
  },
});

/** Who is enrolling: a full staff session, or a first login with no factor yet (never otherwise). */
async function enrolmentSubject(
  c: Context<AppEnv>,
  deps: AuthDeps,
): Promise<TotpSubject & { pending: PendingStaffLogin | null }> {
  const principal = c.get('principal');
  if (principal) {
    if (principal.kind !== 'staff') throw AppError.forbidden();
    return { staffId: principal.id, municipalityId: principal.municipalityId, pending: null };
  }
  const pending = await requirePendingStaff(c, deps, 'second_factor');
  if (!mayEnrolAtLogin(await listSecondFactors(deps.db.db, pending.staffId))) {
    throw AppError.forbidden('You already have a second factor. Log in with it first, then add another.');
  }
  return { staffId: pending.staffId, municipalityId: pending.municipalityId, pending };
}

export function totpRoutes(app: OpenAPIHono<AppEnv>, deps: AuthDeps, loginState: LoginState) {
  app.openapi(enrolRoute, async (c) => {
    const who = await enrolmentSubject(c, deps);
    return c.json(await startTotpEnrolment(deps, loginState.secretsKey, who, c.get('clientIp')), 200);
  });

  app.openapi(confirmRoute, async (c) => {
    const { code } = c.req.valid('json');
    const who = await enrolmentSubject(c, deps);
    const recoveryCodes = await confirmTotpEnrolment(
      deps,
      loginState.secretsKey,
      who,
      code,
      c.get('clientIp'),
    );
    if (!who.pending) return c.json({ recoveryCodes, stage: 'full' as const }, 200);
    const { csrfToken } = await completeStaffLogin(c, deps, who.pending, 'totp_enrolment');
    return c.json({ recoveryCodes, stage: 'full' as const, csrfToken }, 200);
  });
}
