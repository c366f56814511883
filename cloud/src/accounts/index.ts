import type { OpenAPIHono } from '@hono/zod-openapi';
import { auditRoutes } from '../audit/routes.js';
import { gdprRoutes } from '../gdpr/routes.js';
import type { AppEnv } from '../kernel/http/env.js';
import { scimRoutes } from '../scim/routes.js';
import { scimTokenRoutes } from '../scim/token-routes.js';
import type { AccountsDeps } from './deps.js';
import { lifecycleRoutes } from './routes.js';

/** Deactivation, inactivity, audit log, GDPR and SCIM: one registration line in http/app.ts. */
export function recordsRoutes(app: OpenAPIHono<AppEnv>, deps: AccountsDeps) {
  lifecycleRoutes(app, deps);
  auditRoutes(app, deps);
  gdprRoutes(app, deps);
  scimTokenRoutes(app, deps);
  scimRoutes(app, deps);
}
