import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAuth } from '../../auth/session-middleware.js';
import { AppError } from '../../kernel/errors.js';
import type { AppEnv } from '../../kernel/http/env.js';
import type { Principal } from '../../kernel/principal.js';
import { CARE_ADMINS, CARE_STAFF, type CareDeps, denials, json, nowOf } from '../route-helpers.js';
import { poolOf } from '../scope.js';
import { ledPoolIds, nightWatchPools } from './led-pools.js';
import { onDutyView } from './pool-admin.js';
import { watchReport } from './watch-report.js';

const Query = z.object({
  withinSeconds: z.coerce.number().int().min(5).max(600).default(30),
  hours: z.coerce.number().int().min(1).max(72).default(24),
});

const Report = z
  .object({
    pool: z.object({ id: z.uuid(), name: z.string() }),
    since: z.iso.datetime(),
    until: z.iso.datetime(),
    withinSeconds: z.number().int(),
    onDuty: z.array(z.object({ displayName: z.string(), since: z.iso.datetime(), reachable: z.boolean() })),
    totals: z.object({
      calls: z.number().int(),
      answered: z.number().int(),
      answeredLate: z.number().int(),
      missed: z.number().int(),
      escalated: z.number().int(),
      open: z.number().int(),
    }),
    calls: z.array(
      z.object({
        placedAt: z.iso.datetime(),
        outcome: z.enum(['answered', 'answered_late', 'missed', 'escalated', 'open']),
        answeredAfterSeconds: z.number().int().nullable(),
        answeredBy: z.string().nullable(),
        reason: z.string().nullable(),
        escalatedTo: z.string().nullable(),
      }),
    ),
    alerts: z.array(
      z.object({
        at: z.iso.datetime(),
        kind: z.enum(['unreachable', 'reachable_again']),
        onDuty: z.number().int().nullable(),
        sms: z.string().nullable(),
      }),
    ),
  })
  .openapi('NightWatchReport');

const route = createRoute({
  method: 'get',
  path: '/api/night-watch/pools/{id}/watch',
  tags: ['night watch'],
  summary:
    'Watch the watchers: who is on duty and reachable, and the last hours of night calls (support, managers)',
  description:
    'Per call: answered within `withinSeconds` of the button, answered later, missed or escalated (with to which pool and why), and who answered. No resident is named. Alerts: when the pool had people on duty but nobody reachable, and what became of the SMS to its responsible mobile.',
  middleware: [requireAuth(CARE_ADMINS)] as const,
  request: {
    params: z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) }),
    query: Query,
  },
  responses: { 200: json('the report', Report), ...denials },
});

const PoolRef = z.object({ id: z.uuid(), name: z.string() });
const MyPools = z
  .object({
    console: z
      .array(PoolRef)
      .openapi({ description: 'the pools you are a member of: your console works in them' }),
    watch: z.array(PoolRef).openapi({ description: 'the pools you lead: you may watch them at /watch/' }),
  })
  .openapi('MyNightWatchPools');

const myPoolsRoute = createRoute({
  method: 'get',
  path: '/api/night-watch/my-pools',
  tags: ['night watch'],
  summary: 'The night-watch pools your console works in and those you may watch, by name',
  description:
    'The cloud’s rule (the same one that sets `nightWatch` on GET /api/auth/session and that GET /api/night-watch/pools/{id}/watch enforces), so the pages list exactly what the cloud allows instead of working it out from /api/units.',
  middleware: [requireAuth(CARE_STAFF)] as const,
  responses: { 200: json('your pools', MyPools), ...denials },
});

/** Used by: GET /api/night-watch/pools/:id/watch (the /watch/ page). Support, or a manager of the pool. */
export async function readWatch(
  deps: CareDeps,
  principal: Principal,
  poolUnitId: string,
  query: z.infer<typeof Query>,
) {
  const db = deps.db.db;
  const pool = await poolOf(db, principal, poolUnitId);
  // The same rule that offers the /watch/ tile on the start page (GET /api/auth/session `nightWatch.watch`).
  if (!(await ledPoolIds(db, principal)).includes(pool.id))
    throw AppError.forbidden('Only support or a manager of this unit can do this.');
  const until = nowOf(deps);
  const since = new Date(until.getTime() - query.hours * 3_600_000);
  const { calls, alerts } = await watchReport(db, {
    poolUnitId,
    municipalityId: principal.municipalityId,
    since,
    withinSeconds: query.withinSeconds,
  });
  const count = (o: string) => calls.filter((c) => c.outcome === o).length;
  return {
    pool: { id: pool.id, name: pool.name },
    since: since.toISOString(),
    until: until.toISOString(),
    withinSeconds: query.withinSeconds,
    onDuty: (await onDutyView(deps, poolUnitId)).map((m) => ({
      displayName: m.displayName,
      since: m.since,
      reachable: m.reachable,
    })),
    totals: {
      calls: calls.length,
      answered: count('answered'),
      answeredLate: count('answered_late'),
      missed: count('missed'),
      escalated: count('escalated'),
      open: count('open'),
    },
    calls: calls.map((c) => ({ ...c, placedAt: c.placedAt.toISOString() })),
    alerts: alerts.map((a) => ({ ...a, at: a.at.toISOString() })),
  };
}

export function watchRoutes(app: OpenAPIHono<AppEnv>, deps: CareDeps) {
  app.openapi(myPoolsRoute, async (c) => c.json(await nightWatchPools(deps.db.db, c.get('principal')!), 200));
  app.openapi(route, async (c) =>
    c.json(await readWatch(deps, c.get('principal')!, c.req.valid('param').id, c.req.valid('query')), 200),
  );
}
