import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { appendAudit } from '../../db/index.js';
import type { AppEnv } from '../../kernel/http/env.js';
import { problemContent } from '../../kernel/http/problem-schema.js';
import { loadSecretsKey } from '../../kernel/secrets/secrets-key.js';
import type { AuthDeps } from '../deps.js';
import { issueSession } from '../issue-session.js';
import { requireAuth } from '../session-middleware.js';
import { clearAttemptCookie, readAttemptCookie, writeAttemptCookie } from './attempt-cookie.js';
import { isSsoRefusal } from './errors.js';
import { finishSsoLogin } from './finish-login.js';
import { getIdpConfig, IdentityProviderInput, IdentityProviderView, putIdpConfig } from './idp-config.js';
import { type SsoDeps, startSsoLogin } from './start-login.js';

const MunicipalityParams = z.object({ municipalityId: z.uuid() });

const startRoute = createRoute({
  method: 'get',
  path: '/api/auth/sso/{municipalityId}/start',
  tags: ['auth'],
  summary: 'Staff single sign-on: go to the municipality’s identity provider (OpenID Connect)',
  request: { params: MunicipalityParams },
  responses: {
    302: { description: 'to the identity provider' },
    400: { description: 'invalid input', ...problemContent },
    403: { description: 'not from the municipality’s network', ...problemContent },
    404: { description: 'no SSO for this municipality', ...problemContent },
    503: { description: 'identity provider unreachable', ...problemContent },
  },
});

const callbackRoute = createRoute({
  method: 'get',
  path: '/api/auth/sso/callback',
  tags: ['auth'],
  summary: 'Staff single sign-on: the identity provider sends the browser back here',
  description:
    'Accepts each sign-in once. Staff must already exist (SCIM) and be active. The session is full only when the ' +
    'municipality trusts its IdP’s MFA and the ID token proves it; otherwise the local second factor follows.',
  responses: {
    302: { description: 'signed in (full or second-factor stage): to /staff/' },
    400: { description: 'not started here, used, expired or unverifiable', ...problemContent },
    403: { description: 'refused (unknown or closed account, network, IdP said no)', ...problemContent },
    503: { description: 'identity provider unreachable', ...problemContent },
  },
});

const configPath = '/api/auth/sso/{municipalityId}/config';
const getConfigRoute = createRoute({
  method: 'get',
  path: configPath,
  tags: ['auth'],
  summary: 'The municipality’s SSO identity provider (never the client secret)',
  middleware: [requireAuth(['support', 'system_admin'])] as const,
  request: { params: MunicipalityParams },
  responses: {
    200: { description: 'configuration', content: { 'application/json': { schema: IdentityProviderView } } },
    401: { description: 'not logged in', ...problemContent },
    403: { description: 'not support of this municipality', ...problemContent },
    404: { description: 'not set up', ...problemContent },
  },
});

const putConfigRoute = createRoute({
  method: 'put',
  path: configPath,
  tags: ['auth'],
  summary: 'Set up or change the municipality’s SSO identity provider',
  middleware: [requireAuth(['support', 'system_admin'])] as const,
  request: {
    params: MunicipalityParams,
    body: { required: true, content: { 'application/json': { schema: IdentityProviderInput } } },
  },
  responses: {
    200: { description: 'saved', content: { 'application/json': { schema: IdentityProviderView } } },
    400: { description: 'invalid input', ...problemContent },
    401: { description: 'not logged in', ...problemContent },
    403: { description: 'not support of this municipality', ...problemContent },
    404: { description: 'no such municipality', ...problemContent },
  },
});

export function ssoRoutes(app: OpenAPIHono<AppEnv>, deps: AuthDeps) {
  const secure = deps.config.COOKIE_SECURE;
  const sso: SsoDeps = {
    ...deps,
    oidc: { allowHttpIssuer: deps.dangerouslyAllowHttpIdpForTests === true, timeoutSeconds: 10 },
    secretsKey: loadSecretsKey(deps.config).key,
  };
  // Same shape as the password login's entries (auth/login/audit.ts), so support sees one login history.
  const audit = (entry: {
    action: string;
    municipalityId: string | null;
    staffId: string | null;
    ip: string | null;
    details: Record<string, unknown>;
  }) =>
    appendAudit(deps.db.db, {
      municipalityId: entry.municipalityId,
      at: new Date(deps.clock.now()),
      actorKind: entry.staffId ? 'staff' : 'system',
      actorId: entry.staffId,
      action: entry.action,
      targetKind: 'staff',
      targetId: entry.staffId,
      ip: entry.ip,
      details: { method: 'oidc', ...entry.details },
    });

  app.openapi(startRoute, async (c) => {
    const { municipalityId } = c.req.valid('param');
    const ip = c.get('clientIp');
    try {
      const started = await startSsoLogin(sso, { municipalityId, ip, origin: new URL(c.req.url).origin });
      writeAttemptCookie(c, started.handle, secure);
      return c.redirect(started.redirectTo.href, 302);
    } catch (error) {
      if (!isSsoRefusal(error)) throw error;
      // An unknown municipality is not audited: there may be no municipality to file the entry under.
      if (error.reason !== 'not_configured')
        await audit({
          action: 'auth.login.failed',
          municipalityId,
          staffId: null,
          ip,
          details: { step: 'sso_start', reason: error.reason },
        });
      throw error.toAppError();
    }
  });

  app.openapi(callbackRoute, async (c) => {
    const ip = c.get('clientIp');
    const handle = readAttemptCookie(c, secure);
    // The attempt is single use whatever happens next, so the cookie goes too.
    clearAttemptCookie(c, secure);
    try {
      const result = await finishSsoLogin(sso, { handle, search: new URL(c.req.url).search, ip });
      await issueSession(c, deps, {
        subjectKind: 'staff',
        subjectId: result.staffId,
        municipalityId: result.municipalityId,
        stage: result.stage,
        method: 'sso',
        ip,
      });
      await audit({
        // A full session is a finished login; otherwise (like a verified password) the second factor follows.
        action: result.stage === 'full' ? 'auth.login.succeeded' : 'auth.login.sso_verified',
        municipalityId: result.municipalityId,
        staffId: result.staffId,
        ip,
        details: { providerId: result.providerId, stage: result.stage },
      });
      return c.redirect('/staff/', 302);
    } catch (error) {
      if (!isSsoRefusal(error)) throw error;
      // Only the error's class and code: IdP error texts could carry a username.
      const cause = error.cause as { name?: string; code?: string } | undefined;
      deps.log.info({ reason: error.reason, cause: cause?.name, code: cause?.code }, 'sso login refused');
      await audit({
        action: 'auth.login.failed',
        municipalityId: error.context.municipalityId ?? null,
        staffId: error.context.staffId ?? null,
        ip,
        details: { step: 'sso_callback', reason: error.reason, providerId: error.context.providerId },
      });
      throw error.toAppError();
    }
  });

  app.openapi(getConfigRoute, async (c) => {
    const { municipalityId } = c.req.valid('param');
    return c.json(await getIdpConfig(sso, c.get('principal')!, municipalityId), 200);
  });

  app.openapi(putConfigRoute, async (c) => {
    const { municipalityId } = c.req.valid('param');
    const body = c.req.valid('json');
    return c.json(await putIdpConfig(sso, c.get('principal')!, municipalityId, body, c.get('clientIp')), 200);
  });
}
