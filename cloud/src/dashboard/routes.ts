import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAuth } from '../auth/session-middleware.js';
import { localDate, memberUnitIds, municipalityZone } from '../care/index.js';
import { appendAudit } from '../db/index.js';
import { AppError } from '../kernel/errors.js';
import type { AppEnv } from '../kernel/http/env.js';
import { denials } from '../kernel/http/route-helpers.js';
import type { Principal } from '../kernel/principal.js';
import type { DashboardDeps } from './deps.js';
import { loadDashboard } from './load.js';
import { periodOf } from './period.js';
import { vtvCsv } from './vtv.js';

const MAX_DAYS = 400;
/** Unit managers see their own units, support every unit (issue 13); staff do care work, not reporting. */
const CARE_ADMINS = ['unit_manager', 'support'] as const;
const json = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
});
const Period = z.object({ from: z.iso.date().optional(), to: z.iso.date().optional() });
const description =
  'Per unit and ISO week: active citizens and staff (took part in a CONNECTED call) against the business case targets 115/75, planned vs completed (screen/phone/on site) vs failed visits, MEASURED connected call minutes beside ESTIMATED minutes saved (per active citizen against 10/15/20), night-watch calls, lent kiosks online now (lent = lent and enrolled, as the uptime history samples them; those lent but never enrolled are `notEnrolled`). Support: every unit; unit_manager: own units. `from`/`to` local dates, both included, at most 400 days; without them the last 10 weeks up to today in the municipality’s time zone (the answer says which dates it used). Audited as a data export.';

const dashboardRoute = createRoute({
  method: 'get',
  path: '/api/dashboard',
  tags: ['statistics'],
  summary: 'The business-case dashboard (JSON)',
  description,
  middleware: [requireAuth(CARE_ADMINS)] as const,
  request: { query: Period },
  responses: { 200: json('the figures', z.any().openapi('Dashboard')), ...denials },
});

const vtvRoute = createRoute({
  method: 'get',
  path: '/api/dashboard/vtv.csv',
  tags: ['statistics'],
  summary:
    'VTV export: one row per unit and week (semicolon CSV, decimal comma; columns in docs/statistics.md)',
  description,
  middleware: [requireAuth(CARE_ADMINS)] as const,
  request: { query: Period },
  responses: {
    200: { description: 'CSV with a header row', content: { 'text/csv': { schema: z.string() } } },
    ...denials,
  },
});

/** Used by: GET /api/dashboard, GET /api/dashboard/vtv.csv. */
async function dashboardFor(
  deps: DashboardDeps,
  principal: Principal,
  asked: { from?: string | undefined; to?: string | undefined },
  format: 'json' | 'vtv',
  ip: string | null,
) {
  const db = deps.db.db;
  const timeZone = await municipalityZone(db, principal.municipalityId);
  const now = deps.clock.now();
  const period = periodOf(asked, timeZone, now);
  if (period.to < period.from) throw AppError.invalidInput('`to` must not be before `from`.');
  const days = (Date.parse(period.to) - Date.parse(period.from)) / 86_400_000;
  if (days > MAX_DAYS) throw AppError.invalidInput(`Ask for at most ${MAX_DAYS} days at a time.`);
  const dashboard = await loadDashboard(db, {
    municipalityId: principal.municipalityId,
    timeZone,
    ...period,
    today: localDate(new Date(now), timeZone),
    unitIds: principal.role === 'support' ? null : await memberUnitIds(db, principal.id),
  });
  // Audited as a data export, like the weekly statistics (docs/security.md): ids, enums and counts only.
  await appendAudit(db, {
    municipalityId: principal.municipalityId,
    at: new Date(deps.clock.now()),
    actorKind: principal.kind,
    actorId: principal.id,
    ip,
    action: 'data.export.dashboard',
    targetKind: 'municipality',
    targetId: principal.municipalityId,
    details: { format, ...period, rows: dashboard.units.length },
  });
  return dashboard;
}

export function dashboardRoutes(app: OpenAPIHono<AppEnv>, deps: DashboardDeps) {
  app.openapi(dashboardRoute, async (c) => {
    const d = await dashboardFor(deps, c.get('principal')!, c.req.valid('query'), 'json', c.get('clientIp'));
    c.header('cache-control', 'no-store');
    return c.json(d, 200);
  });
  app.openapi(vtvRoute, async (c) => {
    const d = await dashboardFor(deps, c.get('principal')!, c.req.valid('query'), 'vtv', c.get('clientIp'));
    return c.body(vtvCsv(d), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="screenvisit-vtv-${d.from}-${d.to}.csv"`,
      'cache-control': 'no-store',
    });
  });
}
