import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { deviceCounts } from '../../devices/actions.js';
import type { AppEnv } from '../../kernel/http/env.js';
import type { NodeDeps } from '../deps.js';

/** Counts only, no personal data: the support page and `npm start` read it (issue 2: kiosk shows as online). */
const Status = z
  .object({
    version: z.string(),
    devices: z.object({ total: z.number().int(), online: z.number().int() }),
  })
  .openapi('Status');

const route = createRoute({
  method: 'get',
  path: '/api/status',
  tags: ['operations'],
  summary: 'Service status: version and device counts',
  responses: { 200: { description: 'status', content: { 'application/json': { schema: Status } } } },
});

export function statusRoutes(app: OpenAPIHono<AppEnv>, deps: NodeDeps) {
  app.openapi(route, async (c) => c.json({ version: deps.version, devices: await deviceCounts(deps) }, 200));
}
