import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../kernel/http/env.js';
import type { AuthDeps } from '../deps.js';
import { issueSession } from '../issue-session.js';
import { listSecondFactors, mayEnrolAtLogin } from './factors.js';
import type { LoginState } from './login-state.js';
import { passwordLogin } from './password-login.js';
import { completeStaffLogin, requirePendingStaff } from './pending.js';
import { CodeRequest, FullSession, LoginRequest, LoginStep, problems } from './schemas.js';
import { verifySecondFactor } from './second-factor.js';
import { withRetryAfter } from './throttle-header.js';

const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } });

const loginRoute = createRoute({
  method: 'post',
  path: '/api/auth/login',
  tags: ['auth'],
  summary: 'Staff login, step 1: username and password',
  description:
    'Never yields a full session: the answer is stage `second_factor` (or `password_change`, with `passwordChange` saying why: a temporary one-time password or an expired one) with the factors this person has. Throttled per account and per IP (429 with Retry-After). Refused off the municipality’s staff networks before the password is checked.',
  request: { body: { required: true, ...json(LoginRequest) } },
  responses: { 200: { description: 'password accepted; next step', ...json(LoginStep) }, ...problems },
});

const totpRoute = createRoute({
  method: 'post',
  path: '/api/auth/second-factor/totp',
  tags: ['auth'],
  summary: 'Staff login, step 2: a code from the authenticator app',
  description:
    'One step of clock drift either way is accepted; a code already used is refused (RFC 6238 §5.2).',
  request: { body: { required: true, ...json(CodeRequest) } },
  responses: { 200: { description: 'logged in (new session token)', ...json(FullSession) }, ...problems },
});

const recoveryRoute = createRoute({
  method: 'post',
  path: '/api/auth/second-factor/recovery',
  tags: ['auth'],
  summary: 'Staff login, step 2: a one-time recovery code',
  request: { body: { required: true, ...json(CodeRequest) } },
  responses: { 200: { description: 'logged in (new session token)', ...json(FullSession) }, ...problems },
});

export function loginRoutes(app: OpenAPIHono<AppEnv>, deps: AuthDeps, loginState: LoginState) {
  app.openapi(loginRoute, async (c) => {
    const body = c.req.valid('json');
    const ip = c.get('clientIp');
    const { staff, stage, passwordChange } = await withRetryAfter(c, () =>
      passwordLogin(deps, loginState, body, ip),
    );
    const factors = await listSecondFactors(deps.db.db, staff.id);
    const { csrfToken } = await issueSession(c, deps, {
      subjectKind: 'staff',
      subjectId: staff.id,
      municipalityId: staff.municipalityId,
      stage,
      method: 'password',
      ip,
    });
    return c.json(
      {
        stage,
        csrfToken,
        factors,
        enrolmentRequired: mayEnrolAtLogin(factors),
        ...(passwordChange ? { passwordChange } : {}),
      },
      200,
    );
  });

  for (const [route, method] of [
    [totpRoute, 'totp'],
    [recoveryRoute, 'recovery'],
  ] as const) {
    app.openapi(route, async (c) => {
      const { code } = c.req.valid('json');
      const pending = await requirePendingStaff(c, deps, 'second_factor');
      await withRetryAfter(c, () =>
        verifySecondFactor(deps, loginState, pending, { method, code }, c.get('clientIp')),
      );
      const { csrfToken } = await completeStaffLogin(c, deps, pending, method);
      return c.json({ stage: 'full' as const, csrfToken }, 200);
    });
  }
}
