import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../kernel/http/env.js';
import { featureApp } from '../kernel/http/feature-app.js';
import type { AccountsDeps } from './deps.js';
import { resetAccessRoutes } from './reset-access/routes.js';
import { lifecycleRoutes } from './routes.js';

/** Account lifecycle as one sub-app: disabling staff and citizens, resetting a staff member's access, revoking devices, inactivity. */
export function accountsApp(deps: AccountsDeps): OpenAPIHono<AppEnv> {
  const app = featureApp();
  lifecycleRoutes(app, deps);
  resetAccessRoutes(app, deps);
  return app;
}
