import { relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../kernel/http/env.js';
import type { NodeDeps } from '../deps.js';

/** The browser clients (staff, citizen, night watch, support, admin, dashboard), built by Vite into cloud/web/dist. */
export function webRoutes(app: OpenAPIHono<AppEnv>, deps: NodeDeps) {
  if (!deps.webRoot) return;
  // serveStatic resolves `root` against the working directory, so hand it a relative path.
  const root = relative(process.cwd(), deps.webRoot) || '.';
  const clients = ['staff', 'citizen', 'nightwatch', 'support', 'admin', 'dashboard', 'watch'];
  for (const client of clients) app.get(`/${client}`, (c) => c.redirect(`/${client}/`, 301));
  app.use('/*', serveStatic({ root }));
}
