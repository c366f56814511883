import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../kernel/http/env.js';
import { featureApp } from '../kernel/http/feature-app.js';
import type { GdprDeps } from './deps.js';
import { gdprRoutes } from './routes.js';

/** GDPR export and erasure as one sub-app. */
export function gdprApp(deps: GdprDeps): OpenAPIHono<AppEnv> {
  const app = featureApp();
  gdprRoutes(app, deps);
  return app;
}
