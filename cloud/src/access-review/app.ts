import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../kernel/http/env.js';
import { featureApp } from '../kernel/http/feature-app.js';
import type { AccessReviewRouteDeps } from './deps.js';
import { accessReviewRoutes } from './routes.js';

/** The unit manager's access review (issue 13 §4) as one sub-app. */
export function accessReviewApp(deps: AccessReviewRouteDeps): OpenAPIHono<AppEnv> {
  const app = featureApp();
  accessReviewRoutes(app, deps);
  return app;
}
