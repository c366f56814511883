import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAuth } from '../auth/session-middleware.js';
import { appendAudit } from '../db/index.js';
import { AppError } from '../kernel/errors.js';
import type { AppEnv } from '../kernel/http/env.js';
import { ACCOUNT_MANAGERS, denials, IdParam } from '../kernel/http/route-helpers.js';
import { createAlertToken, listAlertTokens, revokeAlertToken } from './alert-tokens.js';
import type { AlertsDeps } from './deps.js';

const TokenView = z
  .object({
    id: z.uuid(),
    label: z.string(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .openapi('AlertToken');

const createTokenRoute = createRoute({
  method: 'post',
  path: '/api/alerts/tokens',
  tags: ['alerts'],
  summary: 'Create a read-only alert token for an on-call system (shown once)',
  description:
    'The token reads `GET /api/alerts` of this municipality and nothing else. Only its SHA-256 is stored; the creation is audited (`alerts.token_created`).',
  middleware: [requireAuth(ACCOUNT_MANAGERS)] as const,
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            label: z
              .string()
              .trim()
              .min(1)
              .max(100)
              .regex(/^[\w .:-]+$/, 'letters, digits, space, dot, colon and dash'),
          }),
        },
      },
    },
  },
  responses: {
    201: {
      description: 'the token; store it in the on-call system now',
      content: { 'application/json': { schema: z.object({ id: z.uuid(), token: z.string() }) } },
    },
    ...denials,
  },
});

const listTokensRoute = createRoute({
  method: 'get',
  path: '/api/alerts/tokens',
  tags: ['alerts'],
  summary: 'The alert tokens of this municipality (labels and dates, never the tokens)',
  middleware: [requireAuth(ACCOUNT_MANAGERS)] as const,
  responses: {
    200: {
      description: 'tokens, oldest first',
      content: { 'application/json': { schema: z.object({ tokens: z.array(TokenView) }) } },
    },
    ...denials,
  },
});

const revokeTokenRoute = createRoute({
  method: 'post',
  path: '/api/alerts/tokens/{id}/revoke',
  tags: ['alerts'],
  summary: 'Revoke an alert token (at once; audited as `alerts.token_revoked`)',
  middleware: [requireAuth(ACCOUNT_MANAGERS)] as const,
  request: { params: IdParam },
  responses: { 204: { description: 'revoked' }, ...denials },
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function alertTokenRoutes(app: OpenAPIHono<AppEnv>, deps: AlertsDeps) {
  app.openapi(createTokenRoute, async (c) => {
    const principal = c.get('principal')!;
    const created = await createAlertToken(deps.db.db, {
      municipalityId: principal.municipalityId,
      label: c.req.valid('json').label,
      createdByStaffId: principal.kind === 'staff' ? principal.id : null,
      now: new Date(deps.clock.now()),
    });
    await appendAudit(deps.db.db, {
      municipalityId: principal.municipalityId,
      actorKind: principal.kind,
      actorId: principal.id,
      action: 'alerts.token_created',
      targetKind: 'alert_token',
      targetId: created.id,
      ip: c.get('clientIp'),
    });
    c.header('cache-control', 'no-store');
    return c.json(created, 201);
  });

  app.openapi(listTokensRoute, async (c) => {
    const rows = await listAlertTokens(deps.db.db, c.get('principal')!.municipalityId);
    const tokens = rows.map((r) => ({
      ...r,
      createdAt: r.createdAt.toISOString(),
      lastUsedAt: iso(r.lastUsedAt),
      revokedAt: iso(r.revokedAt),
    }));
    return c.json({ tokens }, 200);
  });

  app.openapi(revokeTokenRoute, async (c) => {
    const principal = c.get('principal')!;
    const { id } = c.req.valid('param');
    if (!(await revokeAlertToken(deps.db.db, principal.municipalityId, id, new Date(deps.clock.now())))) {
      throw AppError.notFound('Alert token');
    }
    await appendAudit(deps.db.db, {
      municipalityId: principal.municipalityId,
      actorKind: principal.kind,
      actorId: principal.id,
      action: 'alerts.token_revoked',
      targetKind: 'alert_token',
      targetId: id,
      ip: c.get('clientIp'),
    });
    return c.body(null, 204);
  });
}
