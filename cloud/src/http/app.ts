import { OpenAPIHono } from '@hono/zod-openapi';
import { MAX_FRAME_BYTES } from '@screenvisit/protocol';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import { staffLoginRoutes } from '../auth/login/index.js';
import { passkeyRoutes } from '../auth/passkeys/index.js';
import { authRoutes } from '../auth/routes.js';
import { sessionMiddleware } from '../auth/session-middleware.js';
import { ssoRoutes } from '../auth/sso/index.js';
import { callQualityRoutes } from '../call-quality/routes.js';
import { careApiRoutes } from '../care-api/index.js';
import { citizenRoutes } from '../citizens/index.js';
import { supportDeviceRoutes } from '../devices/routes.js';
import { AppError } from '../errors.js';
import { recordsRoutes } from '../lifecycle/mount.js';
import { pushRoutes } from '../push/index.js';
import { turnRoutes } from '../turn/index.js';
import type { AppDeps } from './deps.js';
import type { AppEnv } from './env.js';
import { errorHandler, notFoundHandler } from './problem.js';
import { deviceRoutes } from './routes/devices.js';
import { docsRoutes } from './routes/docs.js';
import { healthRoutes } from './routes/health.js';
import { statusRoutes } from './routes/status.js';
import { webRoutes } from './routes/web.js';
import { validationHook } from './validation.js';

/** The HTTP application: thin routes over actions, one error mapper, no knowledge of sockets or ports. */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(errorHandler(deps.log));
  app.notFound(notFoundHandler);

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        frameAncestors: ["'none'"],
      },
      // Camera and microphone are the product; nothing else is needed.
      permissionsPolicy: { camera: ['self'], microphone: ['self'], geolocation: [], payment: [] },
    }),
  );
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_FRAME_BYTES,
      onError: () => {
        throw new AppError('payload_too_large', `Request bodies are limited to ${MAX_FRAME_BYTES} bytes.`);
      },
    }),
  );

  // Origin check for unsafe methods (hono/csrf), on top of SameSite=Strict cookies and the session CSRF token.
  app.use('/api/*', csrf());
  app.use('/api/*', sessionMiddleware(deps));

  healthRoutes(app, deps);
  authRoutes(app, deps);
  supportDeviceRoutes(app, deps);
  careApiRoutes(app, deps);
  staffLoginRoutes(app, deps);
  citizenRoutes(app, deps);
  pushRoutes(app, deps);
  callQualityRoutes(app, deps);
  recordsRoutes(app, deps);
  ssoRoutes(app, deps);
  passkeyRoutes(app, deps);
  statusRoutes(app, deps);
  turnRoutes(app, deps);
  deviceRoutes(app, deps);
  docsRoutes(app, deps);
  webRoutes(app, deps);
  return app;
}
