import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../kernel/http/env.js';
import { featureApp } from '../kernel/http/feature-app.js';
import type { CoreDeps } from '../kernel/ports.js';
import { auditRoutes } from './routes.js';

/** The audit log's read side as one sub-app. */
export function auditApp(deps: CoreDeps): OpenAPIHono<AppEnv> {
  const app = featureApp();
  auditRoutes(app, deps);
  return app;
}
