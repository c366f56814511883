import { OpenAPIHono } from '@hono/zod-openapi';
import { MAX_FRAME_BYTES } from '@screenvisit/protocol';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import { accessReviewApp } from '../access-review/app.js';
import { accountsApp } from '../accounts/app.js';
import { alertsApp } from '../alerts/app.js';
import { auditApp } from '../audit/app.js';
import { authApp } from '../auth/app.js';
import { sessionMiddleware } from '../auth/session-middleware.js';
import { callQualityApp } from '../call-quality/app.js';
import { careApp } from '../care/app.js';
import { citizensApp } from '../citizens/app.js';
import { dashboardApp } from '../dashboard/app.js';
import { devicesApp } from '../devices/app.js';
import { diagnosticsApp } from '../diagnostics/app.js';
import { gdprApp } from '../gdpr/app.js';
import { AppError } from '../kernel/errors.js';
import type { AppEnv } from '../kernel/http/env.js';
import { errorHandler, notFoundHandler } from '../kernel/http/problem.js';
import { requestId } from '../kernel/http/request-id.js';
import { validationHook } from '../kernel/http/validation.js';
import { peopleApp } from '../people/app.js';
import { pushApp } from '../push/app.js';
import { scimApp } from '../scim/app.js';
import { serviceCaseApp } from '../service-case/app.js';
import { settingsApp } from '../settings/app.js';
import { turnApp } from '../turn/app.js';
import type { NodeDeps } from './deps.js';
import { docsRoutes } from './routes/docs.js';
import { healthRoutes } from './routes/health.js';
import { statusRoutes } from './routes/status.js';
import { webRoutes } from './routes/web.js';

/** The HTTP application: thin routes over actions, one error mapper, no knowledge of sockets or ports. */
export function createApp(deps: NodeDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(errorHandler(deps.log));
  app.notFound(notFoundHandler);
  app.use('*', requestId());

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

  // Each feature is a sub-app with its own Deps; node/ is the only place that knows them all (issue 9).
  healthRoutes(app, deps);
  app.route('/', authApp(deps));
  app.route('/', devicesApp(deps));
  app.route('/', careApp(deps));
  app.route('/', dashboardApp(deps));
  app.route('/', serviceCaseApp(deps));
  app.route('/', accessReviewApp(deps));
  app.route('/', citizensApp(deps));
  app.route('/', peopleApp(deps));
  app.route('/', pushApp(deps));
  app.route('/', callQualityApp(deps));
  app.route('/', accountsApp(deps));
  app.route('/', auditApp(deps));
  app.route('/', diagnosticsApp(deps));
  app.route('/', alertsApp(deps));
  app.route('/', settingsApp(deps));
  app.route('/', gdprApp(deps));
  app.route('/', scimApp(deps));
  statusRoutes(app, deps);
  app.route('/', turnApp(deps));
  docsRoutes(app, deps);
  webRoutes(app, deps);
  return app;
}
