import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAuth } from '../../auth/session-middleware.js';
import type { AppEnv } from '../../kernel/http/env.js';
import { CareSettings } from '../index.js';
import { body, CARE_ADMINS, type CareDeps, denials, json } from '../route-helpers.js';
import { readCareSettings, statsCsv, weeklyStatsFor, writeCareSettings } from './actions.js';

const Period = z.object({ from: z.iso.date(), to: z.iso.date() });
const WeeklyStat = z
  .object({
    unitId: z.uuid(),
    unitName: z.string(),
    isoWeek: z.string(),
    planned: z.number().int(),
    completed: z.number().int(),
    completedOnScreen: z.number().int(),
    completedByPhone: z.number().int(),
    completedOnSite: z.number().int(),
    noAnswer: z.number().int(),
    cancelled: z.number().int(),
    connectedNotRecorded: z.number().int(),
    connectedCalls: z.number().int(),
    notConnectedCalls: z.number().int(),
    noMediaCalls: z.number().int(),
    totalCallSeconds: z.number().int(),
    averageCallSeconds: z.number().int(),
    estimatedMinutesSaved: z.number().int(),
  })
  .openapi('WeeklyStat');
const Minutes = z.number().int().min(0).max(240);
const SettingsView = z.object({
  minutesSavedPerCall: z.object({
    medicine: Minutes,
    reassurance: Minutes,
    conversation: Minutes,
    training: Minutes,
  }),
});
const description =
  'Per unit and ISO week (Monday start, municipality time zone): planned vs completed slots, MEASURED connected call time (only connected calls: both sides reached in_call and no quality report of a party says nothing got through; docs/statistics.md) and ESTIMATED minutes saved (screen-call completions with a connected call × the minutes-per-call-type table). `from`/`to` are local dates, both included (at most 400 days). Support: every unit; unit_manager: own units. Audited as a data export.';

const jsonRoute = createRoute({
  method: 'get',
  path: '/api/stats/weekly',
  tags: ['statistics'],
  summary: 'Evaluation data per unit and week (JSON)',
  description,
  middleware: [requireAuth(CARE_ADMINS)] as const,
  request: { query: Period },
  responses: { 200: json('week, then unit', z.array(WeeklyStat)), ...denials },
});

const csvRoute = createRoute({
  method: 'get',
  path: '/api/stats/weekly.csv',
  tags: ['statistics'],
  summary: 'Evaluation data per unit and week (CSV download)',
  description: `${description} Columns: see docs/statistics.md.`,
  middleware: [requireAuth(CARE_ADMINS)] as const,
  request: { query: Period },
  responses: {
    200: { description: 'CSV with a header row', content: { 'text/csv': { schema: z.string() } } },
    ...denials,
  },
});

const readSettings = createRoute({
  method: 'get',
  path: '/api/care/settings',
  tags: ['statistics'],
  summary: 'The minutes-saved-per-call-type table (defaults are documented assumptions)',
  middleware: [requireAuth(CARE_ADMINS)] as const,
  responses: { 200: json('settings', SettingsView), ...denials },
});

const writeSettings = createRoute({
  method: 'put',
  path: '/api/care/settings',
  tags: ['statistics'],
  summary: 'Set the minutes-saved-per-call-type table (support)',
  middleware: [requireAuth(['support'])] as const,
  request: body(CareSettings),
  responses: { 200: json('saved', SettingsView), ...denials },
});

export function statsRoutes(app: OpenAPIHono<AppEnv>, deps: CareDeps) {
  app.openapi(jsonRoute, async (c) => {
    const stats = await weeklyStatsFor(
      deps,
      c.get('principal')!,
      c.req.valid('query'),
      'json',
      c.get('clientIp'),
    );
    c.header('cache-control', 'no-store');
    return c.json(stats, 200);
  });
  app.openapi(csvRoute, async (c) => {
    const period = c.req.valid('query');
    const stats = await weeklyStatsFor(deps, c.get('principal')!, period, 'csv', c.get('clientIp'));
    return c.body(statsCsv(stats), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="screenvisit-weekly-${period.from}-${period.to}.csv"`,
      'cache-control': 'no-store',
    });
  });
  app.openapi(readSettings, async (c) => c.json(await readCareSettings(deps, c.get('principal')!), 200));
  app.openapi(writeSettings, async (c) =>
    c.json(await writeCareSettings(deps, c.get('principal')!, c.req.valid('json'), c.get('clientIp')), 200),
  );
}
