import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireAuth } from '../auth/session-middleware.js';
import { hasBearer } from '../db/repos/hashed-tokens.js';
import { AppError } from '../kernel/errors.js';
import type { AppEnv } from '../kernel/http/env.js';
import { denials } from '../kernel/http/route-helpers.js';
import { alertTokens } from './alert-tokens.js';
import type { AlertsDeps } from './deps.js';
import { type Alert, currentAlerts, inactiveSummary } from './rules.js';

const READERS = ['support', 'system_admin'] as const;
export const BAD_ALERT_TOKEN = 'The alert token is not valid or has been revoked.';

const AlertView = z
  .object({
    kind: z.enum([
      'device_offline',
      'wipe_pending',
      'poor_connection',
      'inactive_account',
      'pool_unreachable',
      'kiosk_to_collect',
      'kiosk_not_enrolled',
    ]),
    severity: z.enum(['warning', 'critical']),
    subject: z.object({
      kind: z.enum(['device', 'staff', 'citizen', 'unit']),
      id: z.uuid(),
      name: z.string().openapi({
        description:
          'A kiosk by its label, a unit or staff member by name; a citizen by name in a session, but to an alert token only as `Ref. <ref>` (and so in `summary`).',
      }),
      ref: z.string().optional().openapi({
        description:
          'A citizen only: the short ref that tells her from a namesake, as the citizen card shows it.',
      }),
    }),
    borrower: z.object({ id: z.uuid(), name: z.string(), ref: z.string() }).optional().openapi({
      description:
        'kiosk_not_enrolled only, and only in a support or system-admin session (never to an alert token): the citizen the kiosk is lent to.',
    }),
    since: z.iso.datetime().nullable(),
    figures: z.record(z.string(), z.number()).openapi({
      description:
        'Numbers for the sentence (hours, rttMs, lossPercent, calls, days). kiosk_not_enrolled: `days` since it was lent (at least 1; it is raised a day after the lend). inactive_account: `neverLoggedIn` is 1 when the account was never used (staff: never logged in; a citizen: no login and no kiosk ever lent), then `days` count from its creation. A citizen counts as in use by a login, a lent kiosk switched on, or a kiosk lent or taken back. kiosk_to_collect: `wipePending` is 1 while the kiosk has not yet wiped itself (it does at its next connection), `nothingToWipe` is 1 when it never enrolled and held nothing; both 0 when it is wiped.',
    }),
    closesAt: z.iso.datetime().optional().openapi({
      description:
        'inactive_account only: when the account is closed by itself (municipality setting `inactivityDisableDays`); in the past means at the next run of the inactivity job.',
    }),
    summary: z.string().openapi({ description: 'One English line for a pager or an on-call system.' }),
  })
  .openapi('Alert');

const list = createRoute({
  method: 'get',
  path: '/api/alerts',
  tags: ['alerts'],
  summary:
    'What needs support’s attention now: offline kiosks, kiosks lent but never enrolled, stuck wipes, poor connections, idle accounts, unreachable pools',
  description:
    'Computed at each request from the current data (nothing to acknowledge: an alert goes when its cause goes). Thresholds are the municipality settings `alerts.*` and `inactivityWarnDays`. Read by support or a system administrator in the console, or by an on-call system with `Authorization: Bearer svalert_…` (a read-only alert token from `POST /api/alerts/tokens`; it opens nothing else).',
  responses: {
    200: {
      description: 'current alerts, critical first',
      content: { 'application/json': { schema: z.object({ alerts: z.array(AlertView) }) } },
    },
    ...denials,
  },
});

/**
 * Whose alerts the caller may read: a support or system-admin session, or else a live alert token (issue 12 §3:
 * "available by API for an on-call system"). The token is checked here, in this one route, so it can never
 * reach any other route: the session middleware does not know it.
 */
async function reader(
  c: Context<AppEnv>,
  deps: AlertsDeps,
): Promise<{ municipalityId: string; viaToken: boolean }> {
  const authorization = c.req.header('authorization');
  if (!c.get('principal') && hasBearer(authorization)) {
    const token = await alertTokens.resolve(deps.db.db, authorization, new Date(deps.clock.now()));
    if (!token) throw AppError.unauthenticated(BAD_ALERT_TOKEN);
    return { municipalityId: token.municipalityId, viaToken: true };
  }
  await requireAuth(READERS)(c, async () => {});
  return { municipalityId: c.get('principal')!.municipalityId, viaToken: false };
}

/**
 * What an on-call system reads: kiosks by label only, as rules.ts names them (not whom a kiosk is lent to), and a
 * citizen by her ref, never her name (docs/guides/da/support.md, 7a). Staff are named as before.
 */
function forToken({ borrower: _, ...alert }: Alert, now: Date): Alert {
  if (alert.subject.kind !== 'citizen') return alert;
  const ref = alert.subject.ref;
  const summary =
    alert.kind === 'inactive_account' && alert.closesAt !== undefined
      ? inactiveSummary({
          kind: 'citizen',
          name: null,
          ref,
          days: alert.figures.days ?? 0,
          never: alert.figures.neverLoggedIn === 1,
          closesAt: new Date(alert.closesAt),
          now,
        })
      : `A citizen (Ref. ${ref}) needs support's attention.`;
  return { ...alert, subject: { ...alert.subject, name: `Ref. ${ref}` }, summary };
}

export function alertRoutes(app: OpenAPIHono<AppEnv>, deps: AlertsDeps) {
  app.openapi(list, async (c) => {
    const { municipalityId, viaToken } = await reader(c, deps);
    c.header('cache-control', 'no-store');
    const now = new Date(deps.clock.now());
    const alerts = await currentAlerts(deps.db.db, municipalityId, now);
    return c.json({ alerts: viaToken ? alerts.map((a) => forToken(a, now)) : alerts }, 200);
  });
}
