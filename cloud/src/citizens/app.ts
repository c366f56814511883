import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../kernel/http/env.js';
import { featureApp } from '../kernel/http/feature-app.js';
import type { CitizensDeps } from './deps.js';
import { citizenRoutes } from './index.js';

/** The citizens feature as one sub-app: support's citizen admin and the citizen's own credential. */
export function citizensApp(deps: CitizensDeps): OpenAPIHono<AppEnv> {
  const app = featureApp();
  citizenRoutes(app, deps);
  return app;
}
