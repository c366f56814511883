import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAuth } from '../auth/session-middleware.js';
import type { AppEnv } from '../kernel/http/env.js';
import { ACCOUNT_MANAGERS, actorOf, deactivatorOf, denials, IdParam } from '../kernel/http/route-helpers.js';
import type { GdprDeps } from './deps.js';
import { eraseCitizen } from './erase.js';
import { exportCitizen } from './export.js';

const exportRoute = createRoute({
  method: 'get',
  path: '/api/citizens/{id}/export',
  tags: ['gdpr'],
  summary: 'Everything stored about a citizen, as JSON (GDPR art. 15/20); audited as a data export',
  middleware: [requireAuth(ACCOUNT_MANAGERS)] as const,
  request: { params: IdParam },
  responses: {
    200: {
      description: 'the export',
      content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
    },
    ...denials,
  },
});

const eraseRoute = createRoute({
  method: 'delete',
  path: '/api/citizens/{id}',
  tags: ['gdpr'],
  summary: 'Erase a citizen (GDPR art. 17): anonymise, unlink devices, delete credentials, keep a tombstone',
  middleware: [requireAuth(ACCOUNT_MANAGERS)] as const,
  request: { params: IdParam },
  responses: {
    200: {
      description: 'erased',
      content: {
        'application/json': {
          schema: z.object({
            devicesUnlinked: z.number().int(),
            sessionsScrubbed: z.number().int(),
            rowsDeleted: z.record(z.string(), z.number().int()),
          }),
        },
      },
    },
    ...denials,
  },
});

export function gdprRoutes(app: OpenAPIHono<AppEnv>, deps: GdprDeps) {
  app.openapi(exportRoute, async (c) => {
    const principal = c.get('principal')!;
    const body = await exportCitizen(
      deps.db.db,
      principal.municipalityId,
      c.req.valid('param').id,
      actorOf(principal, c.get('clientIp')),
      new Date(deps.clock.now()),
    );
    c.header('cache-control', 'no-store');
    c.header('content-disposition', 'attachment; filename="citizen-export.json"');
    return c.json(JSON.parse(JSON.stringify(body)) as Record<string, unknown>, 200);
  });

  app.openapi(eraseRoute, async (c) => {
    const principal = c.get('principal')!;
    const outcome = await eraseCitizen(
      deps.db.db,
      deactivatorOf(deps),
      principal.municipalityId,
      c.req.valid('param').id,
      actorOf(principal, c.get('clientIp')),
      new Date(deps.clock.now()),
    );
    return c.json(outcome, 200);
  });
}
