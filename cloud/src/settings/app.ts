import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../kernel/http/env.js';
import { featureApp } from '../kernel/http/feature-app.js';
import type { SettingsDeps } from './deps.js';
import { settingsRoutes } from './routes.js';

/** The system administrator's municipality settings (issue 12 §5) as one sub-app. */
export function settingsApp(deps: SettingsDeps): OpenAPIHono<AppEnv> {
  const app = featureApp();
  settingsRoutes(app, deps);
  return app;
}
