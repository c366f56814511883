import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAuth } from '../auth/session-middleware.js';
import type { AppEnv } from '../kernel/http/env.js';
import { problem } from '../kernel/http/problem-schema.js';
import { activateAction, exchangeAction, meAction } from './citizen-actions.js';
import type { CitizensDeps } from './deps.js';
import { citizenHelpPhone } from './help-phone.js';
import { citizenLogoutAction } from './logout-action.js';
import { ActivateBody, CitizenMe, ExchangeBody, LoginResult } from './schemas.js';
import { createCitizenThrottles } from './throttle.js';

const activate = createRoute({
  method: 'post',
  path: '/api/citizen/activate',
  tags: ['citizen'],
  summary: 'Redeem a one-time activation code: binds this browser to the citizen and logs in',
  description:
    'Sets a long-lived HttpOnly credential cookie for this browser. With a PIN or two-factor level the answer is `{ sessionStarted: false, needs }`: continue with POST /api/citizen/session.',
  request: { body: { required: true, content: { 'application/json': { schema: ActivateBody } } } },
  responses: {
    200: { description: 'bound', content: { 'application/json': { schema: LoginResult } } },
    400: problem('invalid input'),
    410: problem('code used, expired or unknown'),
    429: problem('too many wrong codes from this address'),
  },
});

const session = createRoute({
  method: 'post',
  path: '/api/citizen/session',
  tags: ['citizen'],
  summary:
    "Log in on a bound browser: the credential cookie, plus the PIN or TOTP code if the citizen's level asks",
  request: { body: { required: false, content: { 'application/json': { schema: ExchangeBody } } } },
  responses: {
    200: {
      description: 'logged in, or the next factor',
      content: { 'application/json': { schema: LoginResult } },
    },
    400: problem('invalid input'),
    401: problem('browser not bound, credential revoked, or wrong PIN/TOTP'),
    429: problem('too many attempts'),
  },
});

const me = createRoute({
  method: 'get',
  path: '/api/citizen/me',
  tags: ['citizen'],
  summary:
    'The first screen after login: display name, login level and the night-watch pool id the citizen may call',
  middleware: [requireAuth(['citizen'])] as const,
  responses: {
    200: { description: 'me', content: { 'application/json': { schema: CitizenMe } } },
    401: problem('not logged in'),
    403: problem('not a citizen'),
  },
});

const help = createRoute({
  method: 'get',
  path: '/api/citizen/help',
  tags: ['citizen'],
  summary: 'The phone number under "Brug for hjælp?" on the citizen\'s page (settings citizenHelpPhone)',
  description:
    "A logged-in citizen gets her municipality's number; before login, the number only where the installation serves one municipality. null: none set.",
  responses: {
    200: {
      description: 'the number, or null',
      content: {
        'application/json': {
          schema: z.object({ phone: z.string().nullable() }).openapi('CitizenHelp'),
        },
      },
    },
  },
});

const logout = createRoute({
  method: 'post',
  path: '/api/citizen/logout',
  tags: ['citizen'],
  summary: 'Log out on this browser and unbind it: the citizen\'s "Log ud" on a shared or borrowed device',
  description:
    "Revokes this browser's credential, ends its sessions, closes their signalling sockets and deletes its push subscriptions, so the device neither opens the citizen's page nor rings for her again. Using it again takes a new activation code.",
  middleware: [requireAuth(['citizen'])] as const,
  responses: {
    204: { description: 'logged out and unbound' },
    401: problem('not logged in'),
    403: problem('not a citizen, or CSRF check failed'),
  },
});

export function citizenSelfRoutes(app: OpenAPIHono<AppEnv>, deps: CitizensDeps) {
  // Per app instance (never module-level): each test cloud counts on its own; nodes of a cluster share Redis.
  const throttles = createCitizenThrottles(deps.limiters);

  app.openapi(activate, async (c) => {
    const { code } = c.req.valid('json');
    c.header('cache-control', 'no-store');
    return c.json(await activateAction(c, deps, throttles, code, c.get('clientIp')), 200);
  });

  app.openapi(session, async (c) => {
    const body = c.req.valid('json');
    c.header('cache-control', 'no-store');
    return c.json(await exchangeAction(c, deps, throttles, body ?? {}, c.get('clientIp')), 200);
  });

  app.openapi(logout, async (c) => {
    await citizenLogoutAction(c, deps, c.get('principal')!, c.get('clientIp'));
    return c.body(null, 204);
  });

  app.openapi(help, async (c) => {
    return c.json({ phone: await citizenHelpPhone(deps.db.db, c.get('principal')) }, 200);
  });

  app.openapi(me, async (c) => {
    c.header('cache-control', 'no-store');
    return c.json(await meAction(deps, c.get('principal')!), 200);
  });
}
