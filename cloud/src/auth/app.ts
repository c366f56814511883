import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../kernel/http/env.js';
import { featureApp } from '../kernel/http/feature-app.js';
import type { AuthDeps } from './deps.js';
import { staffLoginRoutes } from './login/index.js';
import { passkeyRoutes } from './passkeys/index.js';
import { authRoutes } from './routes.js';
import { ssoRoutes } from './sso/index.js';

/** The auth feature as one sub-app: session, staff login with its factors, SSO, passkeys. */
export function authApp(deps: AuthDeps): OpenAPIHono<AppEnv> {
  const app = featureApp();
  authRoutes(app, deps);
  staffLoginRoutes(app, deps);
  ssoRoutes(app, deps);
  passkeyRoutes(app, deps);
  return app;
}
