import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAuth } from '../auth/session-middleware.js';
import { credentialOfSession } from '../db/index.js';
import { AppError } from '../kernel/errors.js';
import type { AppEnv } from '../kernel/http/env.js';
import { ProblemSchema } from '../kernel/http/problem-schema.js';
import type { PushDeps } from './deps.js';
import { deleteSubscription, SubscriptionBody, saveSubscription } from './subscriptions.js';

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

const PushKey = z.object({ publicKey: z.string() }).openapi('PushKey');
const Subscription = SubscriptionBody.openapi('PushSubscription');
const Unsubscribe = z.object({ endpoint: z.string().max(2048) }).openapi('PushUnsubscribe');

const keyRoute = createRoute({
  method: 'get',
  path: '/api/citizen/push/key',
  tags: ['citizen'],
  summary: "The server's VAPID public key (RFC 8292) for PushManager.subscribe's applicationServerKey",
  middleware: [requireAuth(['citizen'])] as const,
  responses: {
    200: { description: 'key', content: { 'application/json': { schema: PushKey } } },
    401: problem('not logged in'),
    503: problem('push is not configured on this server'),
  },
});

const saveRoute = createRoute({
  method: 'put',
  path: '/api/citizen/push/subscription',
  tags: ['citizen'],
  summary:
    "Wake this browser for incoming calls: stores its PushSubscription under this browser's credential",
  description:
    'Revoking the credential (support, or the citizen losing the phone) stops its pushes. The push payload holds only "Videoopkald fra kommunen" or the caller\'s first name.',
  middleware: [requireAuth(['citizen'])] as const,
  request: { body: { required: true, content: { 'application/json': { schema: Subscription } } } },
  responses: {
    204: { description: 'stored' },
    400: problem('not a push subscription'),
    401: problem('not logged in'),
    409: problem('this session did not come from a bound browser'),
    503: problem('push is not configured on this server'),
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/api/citizen/push/subscription',
  tags: ['citizen'],
  summary: 'Stop waking this browser',
  middleware: [requireAuth(['citizen'])] as const,
  request: { body: { required: true, content: { 'application/json': { schema: Unsubscribe } } } },
  responses: {
    204: { description: 'removed (or there was nothing to remove)' },
    401: problem('not logged in'),
  },
});

/** Thin routes over subscriptions.ts. Used by: the citizen page (cloud/web/src/pages/citizen/push.ts). */
export function pushRoutes(app: OpenAPIHono<AppEnv>, deps: PushDeps) {
  const credentialOf = async (sessionId: string) => {
    const id = await credentialOfSession(deps.db.db, sessionId);
    if (!id)
      throw AppError.conflict('Only a browser bound with an activation code can receive calls by push.');
    return id;
  };

  app.openapi(keyRoute, (c) => {
    if (!deps.vapidPublicKey) throw AppError.unavailable('Push is not configured on this server.');
    return c.json({ publicKey: deps.vapidPublicKey }, 200);
  });

  app.openapi(saveRoute, async (c) => {
    if (!deps.vapidPublicKey) throw AppError.unavailable('Push is not configured on this server.');
    const credentialId = await credentialOf(c.get('principal')!.sessionId);
    await saveSubscription(deps.db.db, credentialId, c.req.valid('json'), new Date(deps.clock.now()));
    return c.body(null, 204);
  });

  app.openapi(deleteRoute, async (c) => {
    const credentialId = await credentialOfSession(deps.db.db, c.get('principal')!.sessionId);
    if (credentialId) await deleteSubscription(deps.db.db, credentialId, c.req.valid('json').endpoint);
    return c.body(null, 204);
  });
}
