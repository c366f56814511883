import type { OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth } from '../auth/session-middleware.js';
import type { AppEnv } from '../kernel/http/env.js';
import { ACCOUNT_MANAGERS } from '../kernel/http/route-helpers.js';
import { hashedTokenRoutes } from '../kernel/http/token-routes.js';
import type { ScimDeps } from './deps.js';
import { scimTokens } from './tokens.js';

export function scimTokenRoutes(app: OpenAPIHono<AppEnv>, deps: ScimDeps) {
  hashedTokenRoutes(app, deps, {
    path: '/api/scim/tokens',
    tag: 'scim',
    guard: requireAuth(ACCOUNT_MANAGERS),
    store: scimTokens,
    auditPrefix: 'scim',
    targetKind: 'scim_token',
    noun: 'SCIM token',
    createSummary: "Create a SCIM bearer token for this municipality's identity provider (shown once)",
    createdDescription: 'the token; store it in the identity provider now',
    revokeSummary: 'Revoke a SCIM bearer token',
  });
}
