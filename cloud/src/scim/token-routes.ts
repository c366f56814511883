import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAuth } from '../auth/session-middleware.js';
import { appendAudit } from '../db/index.js';
import { AppError } from '../kernel/errors.js';
import type { AppEnv } from '../kernel/http/env.js';
import { ACCOUNT_MANAGERS, denials, IdParam } from '../kernel/http/route-helpers.js';
import type { ScimDeps } from './deps.js';
import { createScimToken, revokeScimToken } from './tokens.js';

const createTokenRoute = createRoute({
  method: 'post',
  path: '/api/scim/tokens',
  tags: ['scim'],
  summary: "Create a SCIM bearer token for this municipality's identity provider (shown once)",
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
              .regex(/^[\w .:-]+$/),
          }),
        },
      },
    },
  },
  responses: {
    201: {
      description: 'the token; store it in the identity provider now',
      content: { 'application/json': { schema: z.object({ id: z.uuid(), token: z.string() }) } },
    },
    ...denials,
  },
});

const revokeTokenRoute = createRoute({
  method: 'post',
  path: '/api/scim/tokens/{id}/revoke',
  tags: ['scim'],
  summary: 'Revoke a SCIM bearer token',
  middleware: [requireAuth(ACCOUNT_MANAGERS)] as const,
  request: { params: IdParam },
  responses: { 204: { description: 'revoked' }, ...denials },
});

export function scimTokenRoutes(app: OpenAPIHono<AppEnv>, deps: ScimDeps) {
  app.openapi(createTokenRoute, async (c) => {
    const principal = c.get('principal')!;
    const now = new Date(deps.clock.now());
    const created = await createScimToken(deps.db.db, {
      municipalityId: principal.municipalityId,
      label: c.req.valid('json').label,
      createdByStaffId: principal.kind === 'staff' ? principal.id : null,
      now,
    });
    await appendAudit(deps.db.db, {
      municipalityId: principal.municipalityId,
      actorKind: principal.kind,
      actorId: principal.id,
      action: 'scim.token_created',
      targetKind: 'scim_token',
      targetId: created.id,
      ip: c.get('clientIp'),
    });
    c.header('cache-control', 'no-store');
    return c.json(created, 201);
  });

  app.openapi(revokeTokenRoute, async (c) => {
    const principal = c.get('principal')!;
    const { id } = c.req.valid('param');
    if (!(await revokeScimToken(deps.db.db, principal.municipalityId, id, new Date(deps.clock.now())))) {
      throw AppError.notFound('SCIM token');
    }
    await appendAudit(deps.db.db, {
      municipalityId: principal.municipalityId,
      actorKind: principal.kind,
      actorId: principal.id,
      action: 'scim.token_revoked',
      targetKind: 'scim_token',
      targetId: id,
      ip: c.get('clientIp'),
    });
    return c.body(null, 204);
  });
}
