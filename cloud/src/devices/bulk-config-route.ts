import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAuth } from '../auth/session-middleware.js';
import { AppError } from '../kernel/errors.js';
import type { AppEnv } from '../kernel/http/env.js';
import { problem } from '../kernel/http/problem-schema.js';
import type { DevicesDeps } from './deps.js';
import { ConfigPushBody } from './schemas.js';

const BulkConfigBody = z
  .object({
    scope: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('municipality') }).strict(),
      z.object({ kind: z.literal('unit'), unitId: z.uuid() }).strict(),
    ]),
    changes: ConfigPushBody,
  })
  .strict()
  .openapi('DeviceConfigBulkPush');

const BulkConfigView = z
  .object({
    devices: z.number().int().openapi({ description: 'Kiosks that got a new configuration version.' }),
    batches: z.number().int(),
  })
  .openapi('DeviceConfigBulkPushed');

const bulk = createRoute({
  method: 'post',
  path: '/api/devices/config',
  tags: ['devices'],
  summary: 'Push a configuration change to every kiosk of the municipality or of one unit',
  description:
    'One call for many kiosks: each gets its next version (fields left out keep its own current target; contacts follow its citizen’s teams) and a `config.apply` in the outbox, written in batches; online kiosks get it at once, the others at their next connection. "Unit": kiosks lent to a citizen enrolled in that unit now.',
  middleware: [requireAuth(['support'])] as const,
  request: { body: { required: true, content: { 'application/json': { schema: BulkConfigBody } } } },
  responses: {
    202: {
      description: 'written to the outbox',
      content: { 'application/json': { schema: BulkConfigView } },
    },
    400: problem('invalid input (unknown fields are refused)'),
    401: problem('not logged in'),
    403: problem('not allowed'),
    404: problem('no such unit or night-watch pool in your municipality'),
  },
});

/** Issue 14: a bulk config push is ONE API call, not one request per kiosk. */
export function bulkConfigRoutes(app: OpenAPIHono<AppEnv>, deps: DevicesDeps) {
  app.openapi(bulk, async (c) => {
    const p = c.get('principal')!;
    if (!deps.devices) throw AppError.unavailable('Device management is not available on this server.');
    const { scope, changes } = c.req.valid('json');
    const result = await deps.devices.pushConfigToAll(p.municipalityId, scope, changes, {
      staffId: p.id,
      ip: c.get('clientIp'),
    });
    return c.json(result, 202);
  });
}
