import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../kernel/http/env.js';
import { featureApp } from '../kernel/http/feature-app.js';
import type { ServiceCaseDeps } from './deps.js';
import { serviceCaseRoutes } from './routes.js';

/** The citizen's service case (issue 13 §3) as one sub-app. */
export function serviceCaseApp(deps: ServiceCaseDeps): OpenAPIHono<AppEnv> {
  const app = featureApp();
  serviceCaseRoutes(app, deps);
  return app;
}
