import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { and, eq, isNull, ne } from 'drizzle-orm';
import { sessionsTable } from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import type { AppEnv } from '../../kernel/http/env.js';
import type { AuthDeps } from '../deps.js';
import { listSecondFactors, mayEnrolAtLogin } from '../login/factors.js';
import type { LoginState } from '../login/login-state.js';
import { advanceSession, requirePendingStaff } from '../login/pending.js';
import { LoginStep, PasswordChangeRequest, problems } from '../login/schemas.js';
import { withRetryAfter } from '../login/throttle-header.js';
import { changePassword } from './change-password.js';

const changeRoute = createRoute({
  method: 'post',
  path: '/api/auth/password',
  tags: ['auth'],
  summary: 'Change my password',
  description:
    'For a logged-in staff member (other sessions end), or in stage `password_change` after login with an expired password: then the answer is the next login step, `second_factor`, with a new token. Policy: 12–128 characters, not common or guessable (zxcvbn score ≥ 3, Danish list), not the username or name, not one of the last 5.',
  request: { body: { required: true, content: { 'application/json': { schema: PasswordChangeRequest } } } },
  responses: {
    200: {
      description: 'changed',
      content: {
        'application/json': { schema: z.union([LoginStep, z.object({ stage: z.literal('full') })]) },
      },
    },
    ...problems,
  },
});

export function passwordRoutes(app: OpenAPIHono<AppEnv>, deps: AuthDeps, loginState: LoginState) {
  app.openapi(changeRoute, async (c) => {
    const body = c.req.valid('json');
    const ip = c.get('clientIp');
    const principal = c.get('principal');
    if (principal) {
      if (principal.kind !== 'staff') throw AppError.forbidden();
      const who = { staffId: principal.id, municipalityId: principal.municipalityId };
      await withRetryAfter(c, () => changePassword(deps, loginState, who, body, ip));
      // ASVS 5.0 7.4.3: a password change ends the person's other sessions (someone may know the old one).
      await revokeOtherSessions(deps, principal.id, principal.sessionId);
      return c.json({ stage: 'full' as const }, 200);
    }
    const pending = await requirePendingStaff(c, deps, 'password_change');
    await withRetryAfter(c, () =>
      changePassword(deps, loginState, pending, body, ip, { firstPassword: true }),
    );
    const { csrfToken } = await advanceSession(c, deps, pending, {
      stage: 'second_factor',
      method: 'password',
    });
    const factors = await listSecondFactors(deps.db.db, pending.staffId);
    return c.json(
      { stage: 'second_factor' as const, csrfToken, factors, enrolmentRequired: mayEnrolAtLogin(factors) },
      200,
    );
  });
}

async function revokeOtherSessions(deps: AuthDeps, staffId: string, keepSessionId: string): Promise<void> {
  await deps.db.db
    .update(sessionsTable)
    .set({ revokedAt: new Date(deps.clock.now()), revokedReason: 'password_changed' })
    .where(
      and(
        eq(sessionsTable.staffId, staffId),
        ne(sessionsTable.id, keepSessionId),
        isNull(sessionsTable.revokedAt),
      ),
    );
}
