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

/** In use and not, as inUseNow (lifecycle.ts) tells them apart; the preview and the push answer with both. */
const reach = {
  inUse: z.number().int().openapi({
    description:
      'Of `devices`: in use now (enrolled or lent, credential live, not marked lost or in repair, not taken back and waiting for its wipe).',
  }),
  notInUse: z.number().int().openapi({
    description:
      'Of `devices`: not in use now (registered, credential revoked, lost or in repair, or taken back and not wiped). They keep the new target and apply it when they are enrolled again.',
  }),
};

const BulkConfigView = z
  .object({
    devices: z.number().int().openapi({ description: 'Kiosks that got a new configuration version.' }),
    ...reach,
    batches: z.number().int(),
  })
  .openapi('DeviceConfigBulkPushed');

/**
 * The push's scope as a query: `scope=municipality`, or `scope=unit&unitId=…`. Unknown parameters are refused,
 * as unknown fields are in the push's body.
 */
const BulkPreviewQuery = z
  .object({
    scope: z
      .enum(['municipality', 'unit'])
      .openapi({ description: 'Which kiosks, as the push’s `scope.kind`.' }),
    unitId: z.uuid().optional().openapi({ description: 'With `scope=unit` only: the unit.' }),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.scope === 'unit' && q.unitId === undefined)
      ctx.addIssue({ code: 'custom', path: ['unitId'], message: 'required when scope is unit' });
    if (q.scope === 'municipality' && q.unitId !== undefined)
      ctx.addIssue({ code: 'custom', path: ['unitId'], message: 'only with scope unit' });
  });

const BulkPreviewView = z
  .object({
    devices: z
      .number()
      .int()
      .openapi({ description: 'Kiosks the push would give a new configuration version now.' }),
    ...reach,
  })
  .openapi('DeviceConfigBulkPreview');

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

const preview = createRoute({
  method: 'get',
  path: '/api/devices/config/preview',
  tags: ['devices'],
  summary: 'How many kiosks a bulk configuration push would reach now, in use and not (nothing is written)',
  description:
    'The question before POST /api/devices/config: the same scope, the same kiosks, counted without writing. The push counts again when it writes; if kiosks were enrolled, wiped or lent in between, its answer is the truth.',
  middleware: [requireAuth(['support'])] as const,
  request: { query: BulkPreviewQuery },
  responses: {
    200: { description: 'the count', content: { 'application/json': { schema: BulkPreviewView } } },
    400: problem('invalid query: `scope` is municipality or unit, `unitId` goes with unit only'),
    401: problem('not logged in'),
    403: problem('not allowed'),
    404: problem('no such unit in your municipality'),
  },
});

/** Issue 14: a bulk config push is ONE API call, not one request per kiosk. */
export function bulkConfigRoutes(app: OpenAPIHono<AppEnv>, deps: DevicesDeps) {
  app.openapi(preview, async (c) => {
    const p = c.get('principal')!;
    if (!deps.devices) throw AppError.unavailable('Device management is not available on this server.');
    const query = c.req.valid('query');
    // BulkPreviewQuery's refinement: scope=unit always comes with its unitId, scope=municipality never does.
    const scope =
      query.scope === 'unit' && query.unitId !== undefined
        ? { kind: 'unit' as const, unitId: query.unitId }
        : { kind: 'municipality' as const };
    return c.json(await deps.devices.previewConfigToAll(p.municipalityId, scope), 200);
  });
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
