import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { createLoginState, lockedSessionOf } from '../../auth/login/index.js';
import { requireAuth } from '../../auth/session-middleware.js';
import { AppError } from '../../kernel/errors.js';
import type { AppEnv } from '../../kernel/http/env.js';
import type { Principal } from '../../kernel/principal.js';
import type { CareDeps } from '../deps.js';
import { CARE_STAFF, denials, json } from '../route-helpers.js';
import { switchConsole } from './console-switch.js';

const switchRoute = createRoute({
  method: 'post',
  path: '/api/night-watch/console/switch',
  tags: ['night watch'],
  summary:
    'Shared night-watch console: hand the console to another pool member with THEIR authenticator code',
  description:
    'Called from the console’s current session of a night-watch pool member, on the staff network: a full session, or one LOCKED by idleness on duty (the lock screen of a shared console offers the switch; the locked session is revoked, never unlocked). The new person must share a pool with the current one. Their TOTP code is checked like a login’s second factor (no reuse, throttled). The previous session is revoked, a new session cookie is set for the new person, and the browser is told to clear cached data and storage (`Clear-Site-Data`). The watch goes on: in every pool where the previous person was on duty, the new one is on duty from the switch on (when a member of it), and with `previousOffDuty` the previous person goes off duty there; nothing changes on a refused switch. No password is asked, by design (quick switching); see console-switch.ts. After a switch the client must reopen its signalling WebSocket.',
  middleware: [fullOrLockedConsole()] as const,
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              username: z.string().trim().min(1).max(200),
              code: z.string().trim().min(1).max(20),
              /** "Meld … af vagten": the previous person goes off duty where the new one takes over. */
              previousOffDuty: z.boolean().optional(),
            })
            .strict(),
        },
      },
    },
  },
  responses: {
    200: json(
      'switched: the new person’s session (cookie set)',
      z.object({
        stage: z.literal('full'),
        csrfToken: z.string(),
        staffId: z.uuid(),
        displayName: z.string(),
      }),
    ),
    ...denials,
    429: { description: 'too many attempts (Retry-After)' },
  },
});

/**
 * A full session of care staff, as any care route; or a session LOCKED by idleness on night-watch duty, which has
 * no principal (session-middleware.ts) and is let through to the handler, where `consolePrincipal` checks it as
 * the unlock steps do. Anyone else gets requireAuth's answer (401 without a session, 403 for another role).
 */
function fullOrLockedConsole(): MiddlewareHandler<AppEnv> {
  const full = requireAuth(CARE_STAFF);
  return async function fullOrLockedConsoleSession(c, next) {
    if (!c.get('principal') && c.get('denial') === 'locked') return next();
    return full(c, next);
  };
}

/**
 * Whose console this is: the full session's principal, or the locked session's person (its CSRF token checked,
 * alive apart from the lock: auth's `lockedSessionOf`). A shared console is a dead end otherwise: the next
 * person at a locked console could neither unlock it (not their session) nor log in (night-watch walk).
 */
async function consolePrincipal(
  c: Context<AppEnv>,
  deps: CareDeps,
): Promise<{ principal: Principal; locked: boolean }> {
  const principal = c.get('principal');
  if (principal) return { principal, locked: false };
  const { session, locked } = await lockedSessionOf(c, deps);
  if (!locked) throw AppError.unauthenticated('Log in first.');
  if (session.subjectKind !== 'staff' || !(CARE_STAFF as readonly string[]).includes(session.role))
    throw AppError.forbidden();
  return {
    principal: {
      kind: 'staff',
      id: session.subjectId,
      role: session.role,
      municipalityId: session.municipalityId,
      sessionId: session.id,
    },
    locked: true,
  };
}

/** Its own login state: the TOTP verifier and key of the login, with a throttle of its own (per app, no singletons). */
export function consoleRoutes(app: OpenAPIHono<AppEnv>, deps: CareDeps) {
  const loginState = createLoginState(deps);
  app.openapi(switchRoute, async (c) => {
    const { principal, locked } = await consolePrincipal(c, deps);
    return c.json(await switchConsole(c, deps, loginState, principal, c.req.valid('json'), { locked }), 200);
  });
}
