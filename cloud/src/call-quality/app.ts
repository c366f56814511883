import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../kernel/http/env.js';
import { featureApp } from '../kernel/http/feature-app.js';
import type { CoreDeps } from '../kernel/ports.js';
import { callQualityRoutes } from './routes.js';

/** Browsers' call-quality reports at hang-up (issue 15 §5, stored for support) as one sub-app. */
export function callQualityApp(deps: CoreDeps): OpenAPIHono<AppEnv> {
  const app = featureApp();
  callQualityRoutes(app, deps);
  return app;
}
