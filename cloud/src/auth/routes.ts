import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { nightWatchPlaces } from '../care/index.js';
import { appendAudit } from '../db/index.js';
import type { AppEnv } from '../kernel/http/env.js';
import { problemContent } from '../kernel/http/problem-schema.js';
import type { AuthDeps } from './deps.js';
import { listPasskeys } from './passkeys/index.js';
import { clearSessionCookie, csrfTokenFor, readSessionCookie } from './session-cookie.js';
import { PASSIVE_HEADER, requireAuth } from './session-middleware.js';
import { findSession, revokeAllSessions, revokeSession } from './session-store.js';
import { hasUnlockPin } from './unlock-pin/store.js';

const SessionInfo = z
  .object({
    authenticated: z.boolean(),
    kind: z.enum(['staff', 'citizen']).optional(),
    role: z.string().optional(),
    /**
     * The logged-in person's own display name: a full session, and a LOCKED one (the lock screen of a shared
     * console says whose console it is, so the next person knows whom to switch from).
     */
    displayName: z.string().optional(),
    /** The person's own staff or citizen id (full sessions only), e.g. so support's card knows "this is you". */
    id: z.string().optional(),
    /** A staff member's username (full sessions only), shown on the staff home after a reload too. */
    username: z.string().optional(),
    stage: z.enum(['second_factor', 'password_change', 'full']).optional(),
    csrfToken: z.string().optional(),
    idleTimeoutSeconds: z.number().int().optional(),
    idleExpiresAt: z.iso.datetime().optional(),
    /** Idle while on night-watch duty: the console is locked, not logged out (POST /api/auth/unlock). */
    locked: z.boolean().optional(),
    /** Locked: whether the person has set an unlock PIN (else the authenticator app's code unlocks). */
    unlockPin: z.boolean().optional(),
    /** Locked: whether the person has a passkey ("Lås op med nøgle"). */
    unlockPasskey: z.boolean().optional(),
    expiresAt: z.iso.datetime().optional(),
    /**
     * A staff member's full session: what the night watch offers her, by the cloud's own rules
     * (care/night-watch/led-pools.ts): `console`, a pool she is a member of (/nightwatch/); `watch`, a pool she
     * leads (/watch/). The start page offers those tiles only when they lead somewhere.
     */
    nightWatch: z.object({ console: z.boolean(), watch: z.boolean() }).optional(),
  })
  .openapi('SessionInfo');

const sessionRoute = createRoute({
  method: 'get',
  path: '/api/auth/session',
  tags: ['auth'],
  summary: 'Who am I, my CSRF token, and when the idle timeout logs me out',
  description: `Send \`${PASSIVE_HEADER}: 1\` when polling for the idle warning: then the call does not count as activity.`,
  responses: { 200: { description: 'session', content: { 'application/json': { schema: SessionInfo } } } },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/api/auth/logout',
  tags: ['auth'],
  summary: 'End this session',
  responses: {
    204: { description: 'logged out' },
    403: { description: 'CSRF check failed', ...problemContent },
  },
});

const everywhereRoute = createRoute({
  method: 'post',
  path: '/api/auth/logout-everywhere',
  tags: ['auth'],
  summary: 'End every session of the logged-in person, on every device',
  middleware: [requireAuth()] as const,
  responses: {
    204: { description: 'all sessions ended' },
    401: { description: 'not logged in', ...problemContent },
  },
});

export function authRoutes(app: OpenAPIHono<AppEnv>, deps: AuthDeps) {
  const secure = deps.config.COOKIE_SECURE;

  app.openapi(sessionRoute, async (c) => {
    const token = readSessionCookie(c, secure);
    const current = c.get('principal') ?? c.get('pendingSession');
    const locked = c.get('denial') === 'locked';
    const session = token && (current || locked) ? await findSession(deps.db.db, token) : null;
    if (!token || !session) return c.json({ authenticated: false }, 200);
    // Locked: the member's own name and nothing else personal (no id, no username, nobody else's name): the
    // night watch shares its consoles, and a colleague at a locked one must see whose console it is to switch
    // person from it (nattevagt.md "Når konsollen låser"). The CSRF token so the unlock or the switch can be
    // sent, the role so a reloaded console knows to show its lock screen (not the login), and which unlock
    // steps the person has.
    if (locked)
      return c.json(
        {
          authenticated: false,
          locked: true,
          kind: session.subjectKind,
          role: session.role,
          displayName: session.displayName,
          csrfToken: csrfTokenFor(token),
          unlockPin: await hasUnlockPin(deps.db.db, session.subjectId),
          unlockPasskey:
            (
              await listPasskeys(deps.db.db, {
                kind: session.subjectKind,
                id: session.subjectId,
                municipalityId: session.municipalityId,
              })
            ).length > 0,
        },
        200,
      );
    // A citizen's session has no idle timeout (session-store.ts), so it names none.
    const idleTimeoutMs = session.idleTimeoutMs;
    const idle =
      idleTimeoutMs === null
        ? {}
        : {
            idleTimeoutSeconds: Math.round(idleTimeoutMs / 1000),
            idleExpiresAt: new Date(
              Math.min(session.lastSeenAt.getTime() + idleTimeoutMs, session.expiresAt.getTime()),
            ).toISOString(),
          };
    return c.json(
      {
        authenticated: session.stage === 'full',
        kind: session.subjectKind,
        role: session.role,
        ...(session.stage === 'full' ? { displayName: session.displayName, id: session.subjectId } : {}),
        ...(session.stage === 'full' && session.username ? { username: session.username } : {}),
        ...(session.stage === 'full' && session.subjectKind === 'staff'
          ? {
              nightWatch: await nightWatchPlaces(deps.db.db, {
                id: session.subjectId,
                role: session.role,
                municipalityId: session.municipalityId,
              }),
            }
          : {}),
        stage: session.stage,
        csrfToken: csrfTokenFor(token),
        ...idle,
        expiresAt: session.expiresAt.toISOString(),
      },
      200,
    );
  });

  app.openapi(logoutRoute, async (c) => {
    const current = c.get('principal')?.sessionId ?? c.get('pendingSession')?.id;
    if (current) {
      await revokeSession(deps.db.db, current, 'logout', new Date(deps.clock.now()));
      deps.sessionSockets?.closeSessions([current]);
    }
    clearSessionCookie(c, secure);
    return c.body(null, 204);
  });

  app.openapi(everywhereRoute, async (c) => {
    const principal = c.get('principal')!;
    const now = new Date(deps.clock.now());
    const ended = await revokeAllSessions(deps.db.db, principal, 'logout_everywhere', now);
    deps.sessionSockets?.closeSessions(ended);
    await appendAudit(deps.db.db, {
      municipalityId: principal.municipalityId,
      actorKind: principal.kind,
      actorId: principal.id,
      action: 'auth.logout_everywhere',
      targetKind: principal.kind,
      targetId: principal.id,
      ip: c.get('clientIp'),
      details: { sessions: ended.length },
    });
    clearSessionCookie(c, secure);
    return c.body(null, 204);
  });
}
