import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { appendAudit } from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import type { AppEnv } from '../../kernel/http/env.js';
import { problemContent } from '../../kernel/http/problem-schema.js';
import { ACCOUNT_MANAGERS, denials, IdParam } from '../../kernel/http/route-helpers.js';
import type { AuthDeps } from '../deps.js';
import { issueSession } from '../issue-session.js';
import { auditAuth } from '../login/audit.js';
import type { LoginState } from '../login/login-state.js';
import { networkVerdict } from '../login/network.js';
import { ThrottledError, WRONG_NETWORK } from '../login/password-login.js';
import { LoginStep, problems } from '../login/schemas.js';
import { municipalityNetworks } from '../login/staff-lookup.js';
import { withRetryAfter } from '../login/throttle-header.js';
import { requireAuth } from '../session-middleware.js';
import { canMove } from './invite-states.js';
import { findInvite, INVITE_NOT_VALID, issueInvite, readInviteStatus, spendInvite } from './invites.js';

const InviteStatus = z
  .object({
    hasPassword: z.boolean(),
    temporaryPassword: z.boolean().openapi({
      description:
        'The password is a temporary one (from Nulstil adgang or the operator) that the next login must replace.',
    }),
    disabled: z.boolean(),
    lastLoginAt: z.iso.datetime().nullable(),
    invite: z
      .object({
        state: z.enum(['pending', 'used', 'revoked', 'expired']),
        createdAt: z.iso.datetime(),
        expiresAt: z.iso.datetime(),
      })
      .nullable(),
  })
  .openapi('StaffInviteStatus');

const statusRoute = createRoute({
  method: 'get',
  path: '/api/staff/{id}/invite',
  tags: ['lifecycle'],
  summary: 'Whether a staff member has a password yet, and their latest invitation',
  middleware: [requireAuth(ACCOUNT_MANAGERS)] as const,
  request: { params: IdParam },
  responses: {
    200: { description: 'status', content: { 'application/json': { schema: InviteStatus } } },
    ...denials,
  },
});

const issueRoute = createRoute({
  method: 'post',
  path: '/api/staff/{id}/invite',
  tags: ['lifecycle'],
  summary: 'Make a one-time invitation link for a staff member who has no password (shown once)',
  description:
    'For imported or newly created staff. Hand the link over in person or print it in a letter; never send a password by e-mail. The link works once, for 14 days; a new invitation replaces the old one. Opening it asks for a new password and then the second factor. Audited as `staff.invite_issued`.',
  middleware: [requireAuth(ACCOUNT_MANAGERS)] as const,
  request: { params: IdParam },
  responses: {
    201: {
      description: 'the invitation; the token is not stored and cannot be shown again',
      content: {
        'application/json': {
          schema: z.object({
            token: z.string(),
            path: z.string().openapi({ description: 'the link without the origin: /staff/#invitation=…' }),
            expiresAt: z.iso.datetime(),
          }),
        },
      },
    },
    ...denials,
    409: { description: 'the person already has a password, or the account is closed', ...problemContent },
  },
});

const acceptRoute = createRoute({
  method: 'post',
  path: '/api/auth/invite',
  tags: ['auth'],
  summary: 'Open a staff invitation: the next step is choosing a password, then the second factor',
  description:
    'Spends the invitation (single use) and starts a login in stage `password_change`; `POST /api/auth/password` without `current` then sets the first password and the answer requires TOTP enrolment. Throttled per address like the login; only from the municipality’s staff network.',
  request: {
    body: {
      required: true,
      content: {
        'application/json': { schema: z.object({ token: z.string().min(1).max(200) }).strict() },
      },
    },
  },
  responses: {
    200: { description: 'choose a password next', content: { 'application/json': { schema: LoginStep } } },
    ...problems,
    410: { description: 'used, replaced or expired', ...problemContent },
  },
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function inviteRoutes(app: OpenAPIHono<AppEnv>, deps: AuthDeps, loginState: LoginState) {
  app.openapi(statusRoute, async (c) => {
    const p = c.get('principal')!;
    const s = await readInviteStatus(deps.db.db, p.municipalityId, c.req.valid('param').id, now(deps));
    const invite = s.invite
      ? {
          ...s.invite,
          createdAt: s.invite.createdAt.toISOString(),
          expiresAt: s.invite.expiresAt.toISOString(),
        }
      : null;
    return c.json({ ...s, lastLoginAt: iso(s.lastLoginAt), invite }, 200);
  });

  app.openapi(issueRoute, async (c) => {
    const p = c.get('principal')!;
    const staffId = c.req.valid('param').id;
    const issued = await issueInvite(deps.db.db, {
      municipalityId: p.municipalityId,
      staffId,
      byStaffId: p.kind === 'staff' ? p.id : null,
      now: now(deps),
    });
    await appendAudit(deps.db.db, {
      municipalityId: p.municipalityId,
      actorKind: p.kind,
      actorId: p.id,
      action: 'staff.invite_issued',
      targetKind: 'staff',
      targetId: staffId,
      ip: c.get('clientIp'),
      details: { expiresAt: issued.expiresAt.toISOString(), replaced: issued.revoked },
    });
    c.header('cache-control', 'no-store');
    // The token goes in the fragment: browsers send neither it to the server nor it in a Referer header.
    const path = `/staff/#invitation=${issued.token}`;
    return c.json({ token: issued.token, path, expiresAt: issued.expiresAt.toISOString() }, 201);
  });

  app.openapi(acceptRoute, async (c) => {
    const ip = c.get('clientIp');
    const { token } = c.req.valid('json');
    return withRetryAfter(c, async () => {
      const wait = await loginState.throttle.retryAfterMs({ ip });
      if (wait > 0) throw new ThrottledError(wait);
      const at = now(deps);
      const refuse = async (reason: string, municipalityId: string | null, staffId: string | null) => {
        await loginState.throttle.recordFailure({ ip });
        await auditAuth(deps, {
          action: 'auth.invite.refused',
          municipalityId,
          staffId,
          ip,
          details: { reason },
        });
      };
      const invite = await findInvite(deps.db.db, token, at);
      if (!invite || !canMove(invite.state, 'accept')) {
        // A known invite is audited against its staff member (someone holds an old letter); a made-up one not.
        await refuse(
          invite ? invite.state : 'unknown',
          invite?.municipalityId ?? null,
          invite?.staffId ?? null,
        );
        throw AppError.gone(INVITE_NOT_VALID);
      }
      // The staff network allow-list applies before the invitation is spent (as the login checks it first).
      const networks = await municipalityNetworks(deps.db.db, invite.municipalityId);
      if (
        networkVerdict({ ip, namedMunicipality: networks, account: null, anyMunicipality: [] }) !== 'allowed'
      ) {
        await refuse('network', invite.municipalityId, invite.staffId);
        throw AppError.forbidden(WRONG_NETWORK);
      }
      const spent = await spendInvite(deps.db.db, invite.id, at);
      if (!spent) {
        await refuse('spent_or_closed', invite.municipalityId, invite.staffId);
        throw AppError.gone(INVITE_NOT_VALID);
      }
      // Accepted: no failure to count, so the attempt is no longer in flight for this address (retryAfterMs).
      await loginState.throttle.settle({ ip });
      const { csrfToken } = await issueSession(c, deps, {
        subjectKind: 'staff',
        subjectId: spent.staffId,
        municipalityId: spent.municipalityId,
        stage: 'password_change',
        method: 'invite',
        ip,
      });
      await auditAuth(deps, {
        action: 'auth.invite.accepted',
        municipalityId: spent.municipalityId,
        staffId: spent.staffId,
        ip,
        details: { next: 'password_change' },
      });
      return c.json(
        { stage: 'password_change' as const, csrfToken, factors: [], enrolmentRequired: true },
        200,
      );
    });
  });
}

const now = (deps: Pick<AuthDeps, 'clock'>) => new Date(deps.clock.now());
