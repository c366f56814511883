import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../kernel/http/env.js';
import { dayPlanRoutes } from './day-plan/routes.js';
import type { CareDeps } from './deps.js';
import { importRoutes } from './imports/routes.js';
import { consoleRoutes } from './night-watch/console-routes.js';
import { nightWatchRoutes } from './night-watch/routes.js';
import { enrolmentRoutes } from './relations/enrolment-routes.js';
import { unitRoutes } from './relations/unit-routes.js';
import { statsRoutes } from './stats/routes.js';

/**
 * The care API of issue 4 over the care core (cloud/src/care): relations and permissions, auto-answer, the
 * night watch (pools, duty, roster, missed calls, the shared console switch), day plans, statistics and the
 * bulk CSV import. One registration line in http/app.ts.
 */
export function careApiRoutes(app: OpenAPIHono<AppEnv>, deps: CareDeps) {
  unitRoutes(app, deps);
  enrolmentRoutes(app, deps);
  nightWatchRoutes(app, deps);
  consoleRoutes(app, deps);
  dayPlanRoutes(app, deps);
  statsRoutes(app, deps);
  importRoutes(app, deps);
}

export { ALLOWED_BY_KIND, IMPORT_COLUMNS } from './imports/columns.js';
