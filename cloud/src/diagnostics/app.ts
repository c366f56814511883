import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../kernel/http/env.js';
import { featureApp } from '../kernel/http/feature-app.js';
import type { DiagnosticsDeps } from './deps.js';
import { diagnosticsRoutes } from './routes.js';

/** 2nd-line diagnostics bundles (issue 12 §4) as one sub-app. */
export function diagnosticsApp(deps: DiagnosticsDeps): OpenAPIHono<AppEnv> {
  const app = featureApp();
  diagnosticsRoutes(app, deps);
  return app;
}
