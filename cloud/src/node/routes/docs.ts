import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../kernel/http/env.js';
import type { NodeDeps } from '../deps.js';

/**
 * GET /api/openapi.json is generated from the zod route schemas; /api/docs is a browsable reference served
 * from the local swagger-ui-dist package (no CDN: municipal networks and kiosks may have no internet).
 */
const swaggerRoot = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ScreenVisit API reference</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
<main id="api"></main>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>`;

/**
 * "Try it out" sends the session cookie by itself, but unsafe methods also need the session's CSRF token
 * (auth/session-cookie.ts): fetch it from the session answer (passively, so it is not activity) and add it.
 */
const INIT = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#api',
  deepLinking: true,
  requestInterceptor: async (request) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(String(request.method).toUpperCase())) return request;
    const session = await fetch('/api/auth/session', { headers: { 'x-sv-passive': '1' } }).then((r) => r.json());
    if (session.csrfToken) request.headers['x-csrf-token'] = session.csrfToken;
    return request;
  },
});`;

export function docsRoutes(app: OpenAPIHono<AppEnv>, deps: NodeDeps) {
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'ScreenVisit API',
      version: deps.version,
      description: 'Video visits for municipal social and home care. Errors are RFC 9457 problem+json.',
    },
  });
  app.get('/api/docs', (c) => c.html(PAGE));
  app.get('/api/docs/init.js', (c) =>
    c.body(INIT, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  );
  app.use(
    '/api/docs/assets/*',
    serveStatic({
      root: swaggerRoot,
      rewriteRequestPath: (path) => path.replace(/^\/api\/docs\/assets/, ''),
    }),
  );
}
