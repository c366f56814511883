import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../kernel/http/env.js';
import { featureApp } from '../kernel/http/feature-app.js';
import { bulkConfigRoutes } from './bulk-config-route.js';
import { collectRoutes } from './collect-route.js';
import type { DevicesDeps } from './deps.js';
import { deviceRoutes } from './enrol-route.js';
import { supportDeviceRoutes } from './routes.js';

/** The devices feature as one sub-app: support's loan-device management, and a kiosk's enrolment. */
export function devicesApp(deps: DevicesDeps): OpenAPIHono<AppEnv> {
  const app = featureApp();
  bulkConfigRoutes(app, deps);
  supportDeviceRoutes(app, deps);
  collectRoutes(app, deps);
  deviceRoutes(app, deps);
  return app;
}
