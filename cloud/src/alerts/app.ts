import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../kernel/http/env.js';
import { featureApp } from '../kernel/http/feature-app.js';
import type { AlertsDeps } from './deps.js';
import { alertRoutes } from './routes.js';
import { alertTokenRoutes } from './token-routes.js';

/** Support's alerts (issue 12 §3) as one sub-app. */
export function alertsApp(deps: AlertsDeps): OpenAPIHono<AppEnv> {
  const app = featureApp();
  // The token routes first: `/api/alerts/tokens` is theirs.
  alertTokenRoutes(app, deps);
  alertRoutes(app, deps);
  return app;
}
