import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../kernel/http/env.js';
import { featureApp } from '../kernel/http/feature-app.js';
import type { PeopleDeps } from './deps.js';
import { peopleRoutes } from './routes.js';

/** Finding staff and citizens by name within the caller's municipality (issue 12 §1). */
export function peopleApp(deps: PeopleDeps): OpenAPIHono<AppEnv> {
  const app = featureApp();
  peopleRoutes(app, deps);
  return app;
}
