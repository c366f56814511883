import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAuth } from '../auth/session-middleware.js';
import type { AppEnv } from '../kernel/http/env.js';
import { denials } from '../kernel/http/route-helpers.js';
import type { AlertsDeps } from './deps.js';
import { currentAlerts } from './rules.js';

const AlertView = z
  .object({
    kind: z.enum([
      'device_offline',
      'wipe_pending',
      'poor_connection',
      'inactive_account',
      'pool_unreachable',
    ]),
    severity: z.enum(['warning', 'critical']),
    subject: z.object({ kind: z.enum(['device', 'staff', 'unit']), id: z.uuid(), name: z.string() }),
    since: z.iso.datetime().nullable(),
    figures: z.record(z.string(), z.number()),
    summary: z.string().openapi({ description: 'One English line for a pager or an on-call system.' }),
  })
  .openapi('Alert');

const list = createRoute({
  method: 'get',
  path: '/api/alerts',
  tags: ['alerts'],
  summary:
    'What needs support’s attention now: offline kiosks, stuck wipes, poor connections, idle accounts, unreachable pools',
  description:
    'Computed at each request from the current data (nothing to acknowledge: an alert goes when its cause goes). Thresholds are the municipality settings `alerts.*` and `inactivityWarnDays`. An on-call system polls this with a support session.',
  middleware: [requireAuth(['support', 'system_admin'])] as const,
  responses: {
    200: {
      description: 'current alerts, critical first',
      content: { 'application/json': { schema: z.object({ alerts: z.array(AlertView) }) } },
    },
    ...denials,
  },
});

export function alertRoutes(app: OpenAPIHono<AppEnv>, deps: AlertsDeps) {
  app.openapi(list, async (c) => {
    const p = c.get('principal')!;
    return c.json(
      { alerts: await currentAlerts(deps.db.db, p.municipalityId, new Date(deps.clock.now())) },
      200,
    );
  });
}
