import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../kernel/http/env.js';
import type { NodeDeps } from '../deps.js';

const Health = z.object({ status: z.literal('ok') }).openapi('Health');
const Readiness = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.object({ database: z.enum(['ok', 'failing']), broker: z.enum(['ok', 'failing']) }),
  })
  .openapi('Readiness');

const liveness = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['operations'],
  summary: 'Liveness: the process is running',
  responses: { 200: { description: 'alive', content: { 'application/json': { schema: Health } } } },
});

const readiness = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['operations'],
  summary: 'Readiness: the database answers and the MQTT broker is listening',
  responses: {
    200: { description: 'ready', content: { 'application/json': { schema: Readiness } } },
    503: { description: 'not ready', content: { 'application/json': { schema: Readiness } } },
  },
});

export function healthRoutes(app: OpenAPIHono<AppEnv>, deps: NodeDeps) {
  app.openapi(liveness, (c) => c.json({ status: 'ok' as const }, 200));
  app.openapi(readiness, async (c) => {
    const database = await deps.db.ping().then(
      () => 'ok' as const,
      () => 'failing' as const,
    );
    const broker = deps.broker.ready() ? ('ok' as const) : ('failing' as const);
    const ready = database === 'ok' && broker === 'ok';
    return c.json(
      { status: ready ? ('ready' as const) : ('not_ready' as const), checks: { database, broker } },
      ready ? 200 : 503,
    );
  });
}
