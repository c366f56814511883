/** Staff single sign-on with OpenID Connect (issue 3): per-municipality IdP, authorization code + PKCE. */

export { isSsoRefusal, SsoRefusal, type SsoRefusalReason } from './errors.js';
export { ssoStage } from './mfa.js';
export { ssoRoutes } from './routes.js';
