import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../kernel/http/env.js';
import type { AuthDeps } from '../deps.js';
import { inviteRoutes } from '../invites/routes.js';
import { passwordRoutes } from '../password/routes.js';
import { totpRoutes } from '../totp/routes.js';
import { unlockPinRoutes } from '../unlock-pin/routes.js';
import { createLoginState } from './login-state.js';
import { loginRoutes } from './routes.js';
import { unlockRoutes } from './unlock.js';
import { unlockPasskeyRoutes } from './unlock-passkey.js';

export type { SecondFactor } from './factors.js';
export { listSecondFactors, mayEnrolAtLogin } from './factors.js';
export { createLoginState, type LoginState } from './login-state.js';
export { completeStaffLogin, requirePendingStaff } from './pending.js';
export { verifySecondFactor, WRONG_CODE } from './second-factor.js';
export { withRetryAfter } from './throttle-header.js';
export { lockedSessionOf } from './unlock-passkey.js';

/** Staff password login, second factor (TOTP, recovery codes), TOTP enrolment, password change, invitations. */
export function staffLoginRoutes(app: OpenAPIHono<AppEnv>, deps: AuthDeps): void {
  const loginState = createLoginState(deps);
  loginRoutes(app, deps, loginState);
  totpRoutes(app, deps, loginState);
  passwordRoutes(app, deps, loginState);
  inviteRoutes(app, deps, loginState);
  unlockRoutes(app, deps, loginState);
  unlockPasskeyRoutes(app, deps);
  unlockPinRoutes(app, deps);
}
