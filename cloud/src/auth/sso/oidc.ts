import * as client from 'openid-client';
import type { IdentityProviderRow } from '../../db/index.js';
import { open } from '../../kernel/secrets/secret-box.js';
import { SsoRefusal } from './errors.js';

export interface OidcOptions {
  /**
   * TEST/DEV ONLY: lets openid-client talk to an `http://` issuer (a local oidc-provider). Set only from code
   * (AuthDeps.dangerouslyAllowHttpIdpForTests), never from the environment, so production config cannot turn
   * it on. In production every IdP request is HTTPS (OIDC Core §16.17, RFC 9700 §4.1.1).
   */
  readonly allowHttpIssuer: boolean;
  readonly timeoutSeconds: number;
}

/** Discovery (OIDC Discovery 1.0 §4): issuer metadata and keys. Used by the start and callback routes. */
export async function discoverIdp(
  idp: IdentityProviderRow,
  options: OidcOptions,
  secretsKey: Buffer,
): Promise<client.Configuration> {
  let clientSecret: string;
  try {
    clientSecret = open(secretsKey, idp.clientSecret, clientSecretContext(idp.municipalityId));
  } catch (error) {
    // SECRETS_KEY changed since the secret was stored: support must enter the secret again.
    throw new SsoRefusal('misconfigured', { cause: error });
  }
  try {
    return await client.discovery(
      new URL(idp.issuer),
      idp.clientId,
      clientSecret,
      client.ClientSecretPost(clientSecret),
      {
        timeout: options.timeoutSeconds,
        execute: options.allowHttpIssuer ? [client.allowInsecureRequests] : [],
      },
    );
  } catch (error) {
    throw new SsoRefusal('idp_unreachable', { cause: error });
  }
}

/** Authenticated data for the sealed client secret: a sealed value copied to another municipality will not open. */
export function clientSecretContext(municipalityId: string): string {
  return `identity_provider:${municipalityId}`;
}

export interface AuthorizationRequest {
  readonly url: URL;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

/**
 * Authorization code flow with PKCE S256 (RFC 7636 §4.2), state (RFC 6749 §10.12) and nonce (OIDC Core
 * §3.1.2.1). PKCE is sent even to IdPs that do not advertise it: RFC 9700 §2.1.1 recommends it for every client.
 */
export async function buildAuthorizationRequest(
  config: client.Configuration,
  redirectUri: string,
): Promise<AuthorizationRequest> {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile email',
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url, state, nonce, codeVerifier };
}

/**
 * Validates the authorization response (state, `iss` per RFC 9207), redeems the code with the PKCE verifier,
 * and validates the ID token (signature, iss, aud, exp, nonce: OIDC Core §3.1.3.7). Returns its claims.
 */
export async function redeemCode(
  config: client.Configuration,
  callbackUrl: URL,
  expected: { state: string; nonce: string; codeVerifier: string },
): Promise<client.IDToken> {
  try {
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      expectedState: expected.state,
      expectedNonce: expected.nonce,
      pkceCodeVerifier: expected.codeVerifier,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new SsoRefusal('invalid_response');
    return claims;
  } catch (error) {
    throw classify(error);
  }
}

function classify(error: unknown): unknown {
  if (error instanceof SsoRefusal) return error;
  // The IdP said no: an `error` in the authorization response (RFC 6749 §4.1.2.1) or at the token endpoint (§5.2).
  if (error instanceof client.AuthorizationResponseError || error instanceof client.ResponseBodyError)
    return new SsoRefusal('idp_error', { cause: error });
  if (isNetworkFailure(error)) return new SsoRefusal('idp_unreachable', { cause: error });
  // openid-client's checks (state, iss, nonce, signature, timestamps) fail as ClientError.
  if (error instanceof client.ClientError) return new SsoRefusal('invalid_response', { cause: error });
  return error;
}

function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return true;
  return error instanceof TypeError && error.message === 'fetch failed';
}
