import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../kernel/http/env.js';
import { featureApp } from '../kernel/http/feature-app.js';
import type { DashboardDeps } from './deps.js';
import { dashboardRoutes } from './routes.js';

/** The business-case dashboard and the VTV export as one sub-app (issue 13). */
export function dashboardApp(deps: DashboardDeps): OpenAPIHono<AppEnv> {
  const app = featureApp();
  dashboardRoutes(app, deps);
  return app;
}
