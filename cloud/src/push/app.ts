import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../kernel/http/env.js';
import { featureApp } from '../kernel/http/feature-app.js';
import type { PushDeps } from './deps.js';
import { pushRoutes } from './routes.js';

/** Web Push for citizens' own browsers (issue 15) as one sub-app: the VAPID key and the subscription. */
export function pushApp(deps: PushDeps): OpenAPIHono<AppEnv> {
  const app = featureApp();
  pushRoutes(app, deps);
  return app;
}
