import type { OpenAPIHono } from '@hono/zod-openapi';
import { requireAuth } from '../auth/session-middleware.js';
import type { AppEnv } from '../kernel/http/env.js';
import { ACCOUNT_MANAGERS } from '../kernel/http/route-helpers.js';
import { hashedTokenRoutes } from '../kernel/http/token-routes.js';
import { alertTokens } from './alert-tokens.js';
import type { AlertsDeps } from './deps.js';

export function alertTokenRoutes(app: OpenAPIHono<AppEnv>, deps: AlertsDeps) {
  hashedTokenRoutes(app, deps, {
    path: '/api/alerts/tokens',
    tag: 'alerts',
    guard: requireAuth(ACCOUNT_MANAGERS),
    store: alertTokens,
    auditPrefix: 'alerts',
    targetKind: 'alert_token',
    noun: 'Alert token',
    createSummary: 'Create a read-only alert token for an on-call system (shown once)',
    createDescription:
      'The token reads `GET /api/alerts` of this municipality and nothing else. Only its SHA-256 is stored; the creation is audited (`alerts.token_created`).',
    createdDescription: 'the token; store it in the on-call system now',
    revokeSummary: 'Revoke an alert token (at once; audited as `alerts.token_revoked`)',
    list: {
      summary: 'The alert tokens of this municipality (labels and dates, never the tokens)',
      schemaName: 'AlertToken',
    },
  });
}
