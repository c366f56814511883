import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAuth } from '../../auth/session-middleware.js';
import type { AppEnv } from '../../kernel/http/env.js';
import { PoolSettingsInput } from '../index.js';
import {
  body,
  CARE_ADMINS,
  CARE_STAFF,
  type CareDeps,
  conflict,
  denials,
  IdParam,
  json,
  nowOf,
} from '../route-helpers.js';
import { callerRoutes } from './caller.js';
import { writeCoverage } from './coverage.js';
import {
  callbackDone,
  readMissedCalls,
  readOnDuty,
  readPoolSettings,
  setDuty,
  writePoolSettings,
} from './pool-admin.js';
import { queueRoutes } from './queue.js';
import { addPoolShift, importPoolRoster, readMyWatches, readRoster, rosterPeriod } from './roster-actions.js';
import { watchRoutes } from './watch-routes.js';

const PoolSettings = z
  .object({
    strategy: z.enum(['ring_all', 'longest_idle']),
    memberRingSeconds: z.number().int(),
    answerTimeoutSeconds: z.number().int(),
    queueTimeoutSeconds: z.number().int(),
    fallbackPoolUnitId: z.uuid().nullable(),
    fallbackPhone: z.string().nullable(),
    alertPhone: z.string().nullable(),
  })
  .openapi('PoolSettings');
const OnDuty = z.array(
  z.object({
    staffId: z.uuid(),
    displayName: z.string(),
    since: z.iso.datetime(),
    idleSince: z.iso.datetime(),
    /** false: "på vagt, men ikke forbundet": no console of theirs is connected, so routing skips them. */
    reachable: z.boolean(),
  }),
);
const Shift = z
  .object({
    id: z.uuid(),
    poolUnitId: z.uuid(),
    poolName: z.string(),
    staffId: z.uuid(),
    displayName: z.string(),
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
    source: z.enum(['manual', 'csv', 'ical']),
    overridesShiftId: z.uuid().nullable(),
  })
  .openapi('DutyShift');
const Period = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
const ImportReport = z.object({
  dryRun: z.boolean(),
  written: z.boolean(),
  shifts: z.number().int(),
  cancelled: z.number().int(),
  errors: z.array(z.object({ row: z.string(), message: z.string() })),
});
const ShiftBody = z.union([
  z
    .object({
      staffId: z.uuid(),
      startsAt: z.iso.datetime({ offset: true }),
      endsAt: z.iso.datetime({ offset: true }),
      overridesShiftId: z.uuid().optional(),
    })
    .strict(),
  z.object({ cancelShiftId: z.uuid() }).strict(),
]);
const pool = '/api/night-watch/pools/{id}';

const routes = {
  readSettings: createRoute({
    method: 'get',
    path: `${pool}/settings`,
    tags: ['night watch'],
    summary: 'Pool settings: ring-all or longest-idle, timeouts, fallback pool or phone number',
    middleware: [requireAuth(CARE_STAFF)] as const,
    request: { params: IdParam },
    responses: { 200: json('settings (defaults when never saved)', PoolSettings), ...denials },
  }),
  writeSettings: createRoute({
    method: 'put',
    path: `${pool}/settings`,
    tags: ['night watch'],
    summary: 'Set the pool settings (support, or a manager of the pool)',
    description:
      'A fallback pool wins over a phone number; the number is a switchboard, shown to the citizen.',
    middleware: [requireAuth(CARE_ADMINS)] as const,
    request: { params: IdParam, ...body(PoolSettingsInput) },
    responses: { 200: json('saved', PoolSettings), ...denials },
  }),
  coverage: createRoute({
    method: 'put',
    path: `${pool}/coverage`,
    tags: ['night watch'],
    summary: 'Set which facilities, and which citizens directly, the pool covers at night (support)',
    description:
      'Replaces the covered facilities. `citizenIds`, when present, replaces the citizens the pool covers directly (e.g. home-care citizens); when absent they stay as they are. Coverage alone allows no call: the citizen also needs a citizen_to_night_watch permission on an active enrolment.',
    middleware: [requireAuth(['support'])] as const,
    request: {
      params: IdParam,
      ...body(
        z
          .object({
            facilityUnitIds: z.array(z.uuid()).max(200),
            citizenIds: z.array(z.uuid()).max(1000).optional(),
          })
          .strict(),
      ),
    },
    responses: {
      200: json('saved', z.object({ facilityUnitIds: z.array(z.uuid()), citizenIds: z.array(z.uuid()) })),
      ...denials,
    },
  }),
  duty: createRoute({
    method: 'post',
    path: `${pool}/duty`,
    tags: ['night watch'],
    summary: 'Go on or off duty yourself (members of the pool)',
    middleware: [requireAuth(CARE_STAFF)] as const,
    request: { params: IdParam, ...body(z.object({ onDuty: z.boolean() }).strict()) },
    responses: { 200: json('who is on duty now, longest idle first', OnDuty), ...denials, ...conflict },
  }),
  onDuty: createRoute({
    method: 'get',
    path: `${pool}/on-duty`,
    tags: ['night watch'],
    summary: 'Who is on duty now (the pool, day staff of covered facilities, support)',
    middleware: [requireAuth(CARE_STAFF)] as const,
    request: { params: IdParam },
    responses: { 200: json('longest idle first', OnDuty), ...denials },
  }),
  importRoster: createRoute({
    method: 'post',
    path: `${pool}/roster/import`,
    tags: ['night watch'],
    summary: 'Import a duty roster from CSV or iCalendar; `dryRun` reports per-row errors and writes nothing',
    description:
      'CSV columns: `username,date,start,end` (date = local start date YYYY-MM-DD, times HH:mm local; an end at or before the start is the next morning). iCalendar: VEVENTs with ATTENDEE or SUMMARY naming the username. Any error: nothing is written. Re-importing the same file updates rather than duplicates.',
    middleware: [requireAuth(CARE_ADMINS)] as const,
    request: {
      params: IdParam,
      ...body(
        z
          .object({
            format: z.enum(['csv', 'ical']),
            text: z.string().max(60_000),
            dryRun: z.boolean().default(false),
          })
          .strict(),
      ),
    },
    responses: { 200: json('the report', ImportReport), ...denials },
  }),
  roster: createRoute({
    method: 'get',
    path: `${pool}/roster`,
    tags: ['night watch'],
    summary: 'The roster of a pool with overrides applied (default: the next 14 days; at most 92)',
    middleware: [requireAuth(CARE_STAFF)] as const,
    request: { params: IdParam, query: Period },
    responses: { 200: json('shifts, earliest first', z.array(Shift)), ...denials },
  }),
  addShift: createRoute({
    method: 'post',
    path: `${pool}/roster/shifts`,
    tags: ['night watch'],
    summary: 'A manual shift, a replacement of a scheduled one (`overridesShiftId`), or a cancellation',
    middleware: [requireAuth(CARE_ADMINS)] as const,
    request: { params: IdParam, ...body(ShiftBody) },
    responses: { 201: json('created', z.object({ id: z.uuid() })), ...denials, ...conflict },
  }),
  myWatches: createRoute({
    method: 'get',
    path: '/api/night-watch/my-watches',
    tags: ['night watch'],
    summary: '“When do I have the watch?”: your shifts in every pool (default: the next 14 days)',
    middleware: [requireAuth(CARE_STAFF)] as const,
    request: { query: Period },
    responses: { 200: json('shifts, earliest first', z.array(Shift)), ...denials },
  }),
  missed: createRoute({
    method: 'get',
    path: `${pool}/missed-calls`,
    tags: ['night watch'],
    summary: 'Missed calls not yet called back, oldest first (pool members, support)',
    middleware: [requireAuth(CARE_STAFF)] as const,
    request: { params: IdParam },
    responses: {
      200: json(
        'missed calls',
        z.array(
          z.object({
            callId: z.uuid(),
            citizenId: z.uuid(),
            citizenName: z.string(),
            placedAt: z.iso.datetime(),
            reason: z.string().nullable(),
          }),
        ),
      ),
      ...denials,
    },
  }),
  callback: createRoute({
    method: 'post',
    path: '/api/night-watch/missed-calls/{id}/callback-done',
    tags: ['night watch'],
    summary: 'Mark a missed call as called back (the first one wins; 409 after)',
    middleware: [requireAuth(CARE_STAFF)] as const,
    request: { params: IdParam },
    responses: { 204: { description: 'marked' }, ...denials, ...conflict },
  }),
};

export function nightWatchRoutes(app: OpenAPIHono<AppEnv>, deps: CareDeps) {
  const who = (c: { get(k: 'principal'): AppEnv['Variables']['principal'] }) => c.get('principal')!;
  app.openapi(routes.readSettings, async (c) =>
    c.json(await readPoolSettings(deps, who(c), c.req.valid('param').id), 200),
  );
  app.openapi(routes.writeSettings, async (c) =>
    c.json(
      await writePoolSettings(deps, who(c), c.req.valid('param').id, c.req.valid('json'), c.get('clientIp')),
      200,
    ),
  );
  app.openapi(routes.coverage, async (c) =>
    c.json(
      await writeCoverage(deps, who(c), c.req.valid('param').id, c.req.valid('json'), c.get('clientIp')),
      200,
    ),
  );
  app.openapi(routes.duty, async (c) =>
    c.json(
      await setDuty(deps, who(c), c.req.valid('param').id, c.req.valid('json').onDuty, c.get('clientIp')),
      200,
    ),
  );
  app.openapi(routes.onDuty, async (c) =>
    c.json(await readOnDuty(deps, who(c), c.req.valid('param').id), 200),
  );
  app.openapi(routes.importRoster, async (c) =>
    c.json(
      await importPoolRoster(deps, who(c), c.req.valid('param').id, c.req.valid('json'), c.get('clientIp')),
      200,
    ),
  );
  app.openapi(routes.roster, async (c) => {
    const { from, to } = c.req.valid('query');
    const { start, end } = rosterPeriod(from, to, nowOf(deps));
    return c.json(await readRoster(deps, who(c), c.req.valid('param').id, start, end), 200);
  });
  app.openapi(routes.addShift, async (c) =>
    c.json(
      await addPoolShift(deps, who(c), c.req.valid('param').id, c.req.valid('json'), c.get('clientIp')),
      201,
    ),
  );
  app.openapi(routes.myWatches, async (c) => {
    const { from, to } = c.req.valid('query');
    const { start, end } = rosterPeriod(from, to, nowOf(deps));
    return c.json(await readMyWatches(deps, who(c), start, end), 200);
  });
  app.openapi(routes.missed, async (c) =>
    c.json(await readMissedCalls(deps, who(c), c.req.valid('param').id), 200),
  );
  app.openapi(routes.callback, async (c) => {
    await callbackDone(deps, who(c), c.req.valid('param').id, c.get('clientIp'));
    return c.body(null, 204);
  });
  queueRoutes(app, deps);
  callerRoutes(app, deps);
  watchRoutes(app, deps);
}
