import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { requireAuth } from '../auth/session-middleware.js';
import { municipalitiesTable, parseMunicipalitySettings, staffTable } from '../db/index.js';
import { AppError } from '../kernel/errors.js';
import type { AppEnv } from '../kernel/http/env.js';
import { ACCOUNT_MANAGERS, actorOf, deactivatorOf, denials, IdParam } from '../kernel/http/route-helpers.js';
import type { AccountsDeps } from './deps.js';
import { listInactiveAccounts } from './inactivity.js';

const Outcome = z
  .object({
    changed: z.boolean(),
    sessionsRevoked: z.number().int(),
    connectionsClosed: z.number().int(),
    kiosksToCollect: z.array(z.string()).openapi({
      description:
        'Closing a citizen: the labels of the kiosks she borrowed. Her loan ended and each was wiped remotely; fetch them.',
    }),
  })
  .openapi('DeactivationOutcome');

const disableRoute = (path: string, summary: string) =>
  createRoute({
    method: 'post',
    path,
    tags: ['lifecycle'],
    summary,
    description: 'Takes effect at once: sessions revoked, live connections closed (WebSocket code 4001).',
    middleware: [requireAuth(ACCOUNT_MANAGERS)] as const,
    request: { params: IdParam },
    responses: {
      200: { description: 'access ended', content: { 'application/json': { schema: Outcome } } },
      ...denials,
    },
  });

const disableStaff = disableRoute('/api/staff/{id}/disable', 'Disable a staff member now');
const disableCitizen = disableRoute('/api/citizens/{id}/disable', 'Disable a citizen now');
const revokeDevice = disableRoute(
  '/api/devices/{id}/revoke',
  "Revoke a device's credential and cut its MQTT link",
);

const InactiveAccount = z
  .object({
    kind: z.enum(['staff', 'citizen']),
    id: z.uuid(),
    role: z.string(),
    displayName: z.string(),
    lastActiveAt: z.iso.datetime(),
    inactiveDays: z.number().int(),
    level: z.enum(['warning', 'disable_due']),
    disableAt: z.iso.datetime(),
  })
  .openapi('InactiveAccount');

const inactiveRoute = createRoute({
  method: 'get',
  path: '/api/accounts/inactive',
  tags: ['lifecycle'],
  summary: 'Accounts with no login for the warning period, and when they will be disabled',
  middleware: [requireAuth(ACCOUNT_MANAGERS)] as const,
  responses: {
    200: {
      description: 'inactive accounts',
      content: {
        'application/json': {
          schema: z.object({
            warnDays: z.number().int(),
            disableDays: z.number().int(),
            accounts: z.array(InactiveAccount),
          }),
        },
      },
    },
    ...denials,
  },
});

export function lifecycleRoutes(app: OpenAPIHono<AppEnv>, deps: AccountsDeps) {
  app.openapi(disableStaff, async (c) => {
    const principal = c.get('principal')!;
    const { id } = c.req.valid('param');
    if (id === principal.id) throw AppError.conflict('You cannot disable your own account.');
    const [target] = await deps.db.db
      .select({ role: staffTable.role, municipalityId: staffTable.municipalityId })
      .from(staffTable)
      .where(eq(staffTable.id, id));
    // Support may not end a system admin's access (no privilege escalation by lock-out).
    if (target?.municipalityId === principal.municipalityId && target.role === 'system_admin') {
      if (principal.role !== 'system_admin') throw AppError.forbidden();
    }
    const outcome = await deactivatorOf(deps).disableStaff(
      principal.municipalityId,
      id,
      actorOf(principal, c.get('clientIp')),
      'support',
    );
    return c.json(outcome, 200);
  });

  app.openapi(disableCitizen, async (c) => {
    const principal = c.get('principal')!;
    const outcome = await deactivatorOf(deps).disableCitizen(
      principal.municipalityId,
      c.req.valid('param').id,
      actorOf(principal, c.get('clientIp')),
      'support',
    );
    return c.json(outcome, 200);
  });

  app.openapi(revokeDevice, async (c) => {
    const principal = c.get('principal')!;
    const outcome = await deactivatorOf(deps).revokeDevice(
      principal.municipalityId,
      c.req.valid('param').id,
      actorOf(principal, c.get('clientIp')),
      'support',
    );
    return c.json(outcome, 200);
  });

  app.openapi(inactiveRoute, async (c) => {
    const principal = c.get('principal')!;
    const [m] = await deps.db.db
      .select({ settings: municipalitiesTable.settings })
      .from(municipalitiesTable)
      .where(eq(municipalitiesTable.id, principal.municipalityId));
    const settings = parseMunicipalitySettings(m?.settings);
    const accounts = await listInactiveAccounts(
      deps.db.db,
      principal.municipalityId,
      settings,
      new Date(deps.clock.now()),
    );
    return c.json(
      {
        warnDays: settings.inactivityWarnDays,
        disableDays: settings.inactivityDisableDays,
        accounts: accounts.map((a) => ({
          ...a,
          lastActiveAt: a.lastActiveAt.toISOString(),
          disableAt: a.disableAt.toISOString(),
        })),
      },
      200,
    );
  });
}
