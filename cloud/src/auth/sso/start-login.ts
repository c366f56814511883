import { eq } from 'drizzle-orm';
import { type Db, municipalitiesTable, parseMunicipalitySettings } from '../../db/index.js';
import { inAny } from '../../kernel/http/client-ip.js';
import type { AuthDeps } from '../deps.js';
import { SsoRefusal } from './errors.js';
import { findIdentityProvider } from './idp-repo.js';
import { createLoginAttempt, purgeExpiredLoginAttempts } from './login-attempts.js';
import { buildAuthorizationRequest, discoverIdp, type OidcOptions } from './oidc.js';

export type SsoDeps = Pick<AuthDeps, 'db' | 'clock' | 'config' | 'log'> & {
  readonly oidc: OidcOptions;
  /** Seals IdP client secrets at rest (SECRETS_KEY). */
  readonly secretsKey: Buffer;
};

export const SSO_CALLBACK_PATH = '/api/auth/sso/callback';

/** The staff network allow-list, checked at both SSO steps (the session middleware re-checks every request). */
export async function assertStaffNetwork(db: Db, municipalityId: string, ip: string | null): Promise<void> {
  const [row] = await db
    .select({ settings: municipalitiesTable.settings })
    .from(municipalitiesTable)
    .where(eq(municipalitiesTable.id, municipalityId));
  if (!row) throw new SsoRefusal('not_configured');
  const { staffNetworks } = parseMunicipalitySettings(row.settings);
  if (!ip || !inAny(ip, staffNetworks)) throw new SsoRefusal('network');
}

/**
 * Step 1 of staff SSO (route GET /api/auth/sso/{municipalityId}/start): remember state, nonce and the PKCE
 * verifier server-side and send the browser to the municipality's IdP.
 */
export async function startSsoLogin(
  deps: SsoDeps,
  input: { municipalityId: string; ip: string | null; origin: string },
): Promise<{ redirectTo: URL; handle: string; providerId: string }> {
  const db = deps.db.db;
  const idp = await findIdentityProvider(db, input.municipalityId);
  if (!idp?.enabled) throw new SsoRefusal('not_configured');
  await assertStaffNetwork(db, input.municipalityId, input.ip);

  const now = new Date(deps.clock.now());
  await purgeExpiredLoginAttempts(db, now);
  const config = await discoverIdp(idp, deps.oidc, deps.secretsKey);
  // PUBLIC_URL when set (behind a proxy); else this request's origin. Either way it must be registered at the
  // IdP exactly (RFC 9700 §4.1.3), so a forged Host header only earns a refusal from the IdP.
  const redirectUri = new URL(SSO_CALLBACK_PATH, deps.config.PUBLIC_URL ?? input.origin).href;
  const request = await buildAuthorizationRequest(config, redirectUri);
  const { handle } = await createLoginAttempt(db, {
    municipalityId: input.municipalityId,
    providerId: idp.id,
    state: request.state,
    nonce: request.nonce,
    codeVerifier: request.codeVerifier,
    redirectUri,
    now,
  });
  return { redirectTo: request.url, handle, providerId: idp.id };
}
