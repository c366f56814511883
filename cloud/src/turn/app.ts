import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../kernel/http/env.js';
import { featureApp } from '../kernel/http/feature-app.js';
import type { CoreDeps } from '../kernel/ports.js';
import { turnRoutes } from './routes.js';

/** ICE servers for browsers (STUN/TURN with REST credentials) as one sub-app. */
export function turnApp(deps: CoreDeps): OpenAPIHono<AppEnv> {
  const app = featureApp();
  turnRoutes(app, deps);
  return app;
}
