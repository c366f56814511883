import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { createLoginState } from '../../auth/login/index.js';
import { requireAuth } from '../../auth/session-middleware.js';
import type { AppEnv } from '../../kernel/http/env.js';
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
    'Called from the console’s current (full) session of a night-watch pool member, on the staff network. The new person must share a pool with the current one. Their TOTP code is checked like a login’s second factor (no reuse, throttled). The previous session is revoked, a new session cookie is set for the new person, and the browser is told to clear cached data and storage (`Clear-Site-Data`). No password is asked, by design (quick switching); see console-switch.ts. After a switch the client must reopen its signalling WebSocket.',
  middleware: [requireAuth(CARE_STAFF)] as const,
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({ username: z.string().trim().min(1).max(200), code: z.string().trim().min(1).max(20) })
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

/** Its own login state: the TOTP verifier and key of the login, with a throttle of its own (per app, no singletons). */
export function consoleRoutes(app: OpenAPIHono<AppEnv>, deps: CareDeps) {
  const loginState = createLoginState(deps);
  app.openapi(switchRoute, async (c) =>
    c.json(await switchConsole(c, deps, loginState, c.get('principal')!, c.req.valid('json')), 200),
  );
}
