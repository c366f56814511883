import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../kernel/http/env.js';
import type { AuthDeps } from '../deps.js';
import { passwordRoutes } from '../password/routes.js';
import { totpRoutes } from '../totp/routes.js';
import { unlockPinRoutes } from '../unlock-pin/routes.js';
import { createLoginKit } from './kit.js';
import { loginRoutes } from './routes.js';
import { unlockRoutes } from './unlock.js';

export type { SecondFactor } from './factors.js';
export { listSecondFactors, mayEnrolAtLogin } from './factors.js';
export { completeStaffLogin, requirePendingStaff } from './pending.js';

/** Staff password login, second factor (TOTP, recovery codes), TOTP enrolment and password change. */
export function staffLoginRoutes(app: OpenAPIHono<AppEnv>, deps: AuthDeps): void {
  const kit = createLoginKit(deps);
  loginRoutes(app, deps, kit);
  totpRoutes(app, deps, kit);
  passwordRoutes(app, deps, kit);
  unlockRoutes(app, deps, kit);
  unlockPinRoutes(app, deps);
}
