import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../kernel/http/env.js';
import { featureApp } from '../kernel/http/feature-app.js';
import type { CareDeps } from './deps.js';
import { careApiRoutes } from './routes.js';

/** The care API as one sub-app (relations, night watch, day plan, stats, imports). */
export function careApp(deps: CareDeps): OpenAPIHono<AppEnv> {
  const app = featureApp();
  careApiRoutes(app, deps);
  return app;
}
