import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { requireAuth } from '../../auth/session-middleware.js';
import { passkeysTable, type StaffRole, staffTable, staffTotpTable } from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import type { AppEnv } from '../../kernel/http/env.js';
import { problemContent } from '../../kernel/http/problem-schema.js';
import { denials, IdParam } from '../../kernel/http/route-helpers.js';
import type { AccountsDeps } from '../deps.js';
import { resetStaffAccess } from './reset-access.js';
import { RESETTABLE_ROLES, RESETTERS } from './who-may-reset.js';

const ResetBody = z
  .object({
    reopen: z
      .boolean()
      .openapi({ description: 'open a closed account again; a closed account is refused without it' }),
  })
  .strict()
  .openapi('AccessResetRequest');

const ResetOutcome = z
  .object({
    username: z.string(),
    displayName: z.string(),
    oneTimePassword: z.string().openapi({ description: 'shown only in this answer; never stored in plain' }),
    reopened: z.boolean(),
    sessionsRevoked: z.number().int(),
    secondFactorsRemoved: z.number().int(),
  })
  .openapi('AccessResetOutcome');

/**
 * Another municipality's staff member does not exist for this login (404), before the body is read: the refusal
 * must not depend on what the caller sent (the authorization matrix calls with an empty body).
 */
function ownStaffOnly(deps: AccountsDeps): MiddlewareHandler<AppEnv> {
  return async function ownStaffOnly(c, next) {
    const p = c.get('principal');
    const id = c.req.param('id') ?? '';
    if (p && UUID.test(id)) {
      const [row] = await deps.db.db
        .select({ id: staffTable.id })
        .from(staffTable)
        .where(and(eq(staffTable.id, id), eq(staffTable.municipalityId, p.municipalityId)));
      if (!row) throw AppError.notFound('Staff member');
    }
    return next();
  };
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const resetRouteFor = (deps: AccountsDeps) =>
  createRoute({
    method: 'post',
    path: '/api/staff/{id}/reset-access',
    tags: ['lifecycle'],
    summary: 'Give a staff member a one-time password and make her enrol a new second factor (shown once)',
    description:
      'For a lost phone, a forgotten password or an account closed for inactivity. The answer holds a one-time password, shown only now: hand it over in person or by phone, never by e-mail. Her first login must replace it and enrol a new authenticator app; her old app, passkeys, recovery codes and unlock PIN stop working at once, and her sessions are revoked. Support resets staff, unit managers and support colleagues; 2nd line (vendor_support) resets the municipality’s support workers; nobody resets themselves. A closed account needs `reopen: true`. Audited as `staff.access_reset`.',
    middleware: [requireAuth(RESETTERS), ownStaffOnly(deps)] as const,
    request: {
      params: IdParam,
      body: { required: true, content: { 'application/json': { schema: ResetBody } } },
    },
    responses: {
      201: {
        description: 'reset; the password cannot be shown again',
        content: { 'application/json': { schema: ResetOutcome } },
      },
      ...denials,
      409: { description: 'the account is closed and reopen was not said', ...problemContent },
    },
  });

const ResettableAccount = z
  .object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    role: z.string(),
    closed: z.boolean(),
    hasPassword: z.boolean(),
    hasSecondFactor: z.boolean(),
    lastLoginAt: z.iso.datetime().nullable(),
  })
  .openapi('ResettableAccount');

const listRoute = createRoute({
  method: 'get',
  path: '/api/staff/support-accounts',
  tags: ['lifecycle'],
  summary: 'The municipality’s support workers, for 2nd line to reset one who is locked out',
  description:
    'Support and 2nd line accounts of your own municipality, closed ones included: whether each has a password and a second factor, and the last login. No one else’s names.',
  middleware: [requireAuth(RESETTERS)] as const,
  responses: {
    200: {
      description: 'support accounts',
      content: { 'application/json': { schema: z.object({ accounts: z.array(ResettableAccount) }) } },
    },
    ...denials,
  },
});

const SUPPORT_ROLES: StaffRole[] = ['support', 'vendor_support'];

export function resetAccessRoutes(app: OpenAPIHono<AppEnv>, deps: AccountsDeps) {
  app.openapi(listRoute, async (c) => {
    const p = c.get('principal')!;
    const db = deps.db.db;
    const rows = await db
      .select()
      .from(staffTable)
      .where(and(eq(staffTable.municipalityId, p.municipalityId), inArray(staffTable.role, SUPPORT_ROLES)))
      .orderBy(asc(staffTable.displayName));
    const ids = rows.map((r) => r.id);
    const [totp, passkeys] = ids.length
      ? await Promise.all([
          db
            .select({ id: staffTotpTable.staffId })
            .from(staffTotpTable)
            .where(and(inArray(staffTotpTable.staffId, ids), isNotNull(staffTotpTable.confirmedAt))),
          db
            .select({ id: passkeysTable.staffId })
            .from(passkeysTable)
            .where(inArray(passkeysTable.staffId, ids)),
        ])
      : [[], []];
    const withFactor = new Set([...totp, ...passkeys].map((r) => r.id));
    const accounts = rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.displayName,
      role: r.role,
      closed: r.disabledAt !== null,
      hasPassword: r.passwordHash !== null,
      hasSecondFactor: withFactor.has(r.id),
      lastLoginAt: r.lastLoginAt ? r.lastLoginAt.toISOString() : null,
    }));
    return c.json({ accounts }, 200);
  });

  app.openapi(resetRouteFor(deps), async (c) => {
    const p = c.get('principal')!;
    const result = await resetStaffAccess(deps.db.db, {
      municipalityId: p.municipalityId,
      staffId: c.req.valid('param').id,
      by: { kind: 'staff', id: p.id, role: p.role as (typeof RESETTERS)[number] },
      reopen: c.req.valid('json').reopen,
      now: new Date(deps.clock.now()),
      ip: c.get('clientIp'),
    });
    // Her sessions are revoked in the database; an open console or night-watch page would otherwise keep its
    // signalling socket (ringing, signalling) until the socket server's next session check, up to
    // WS_SESSION_CHECK_SECONDS later. Closed now, as a logout closes them (kernel/ports.ts SessionSockets).
    deps.sessionSockets?.closeSessions(result.revokedSessionIds);
    deps.log.info({ staffId: result.staffId, reopened: result.reopened }, 'staff access reset');
    c.header('cache-control', 'no-store');
    const { staffId: _, role: __, revokedSessionIds: ___, ...body } = result;
    return c.json(body, 201);
  });
}

/** The roles whose accounts the list and the reset concern (re-exported for the console's wording). */
export { RESETTABLE_ROLES };
