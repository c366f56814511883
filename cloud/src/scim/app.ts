import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../kernel/http/env.js';
import { featureApp } from '../kernel/http/feature-app.js';
import type { ScimDeps } from './deps.js';
import { scimRoutes } from './routes.js';
import { scimTokenRoutes } from './token-routes.js';

/** SCIM provisioning and its token management as one sub-app. */
export function scimApp(deps: ScimDeps): OpenAPIHono<AppEnv> {
  const app = featureApp();
  scimTokenRoutes(app, deps);
  scimRoutes(app, deps);
  return app;
}
