import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../kernel/http/env.js';
import { citizenSelfRoutes } from './citizen-routes.js';
import type { CitizensDeps } from './deps.js';
import { citizenSupportRoutes } from './support-routes.js';

/** Citizens: support creates them and issues activation codes; citizens activate and log in on a bound browser. */
export function citizenRoutes(app: OpenAPIHono<AppEnv>, deps: CitizensDeps) {
  citizenSupportRoutes(app, deps);
  citizenSelfRoutes(app, deps);
}

export { credentialCookieName } from './credential-cookie.js';
export { revokeCredential } from './credentials.js';
export { sealPlaintextCitizenTotpSecrets } from './totp-secret.js';
