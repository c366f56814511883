import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env.js';
import { validationHook } from './validation.js';

/**
 * A feature's Hono sub-app (hono: `app.route(path, subApp)`), mounted by node/app.ts. The validation hook is
 * per instance, so every feature builds its app here; errors are left to the node's one error mapper
 * (a sub-app without onError hands its errors to the parent's).
 */
export function featureApp(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
