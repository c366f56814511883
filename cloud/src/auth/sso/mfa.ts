import type { SessionStage } from '../../db/index.js';

export interface MfaPolicy {
  readonly trustIdpMfa: boolean;
  /** amr values (RFC 8176) that mean "more than one factor": `mfa`; AD FS says `http://schemas.microsoft.com/claims/multipleauthn`. */
  readonly mfaAmrValues: readonly string[];
  /** acr values the municipality's IdP uses for a multi-factor login (OIDC Core §2), if it signals that way. */
  readonly mfaAcrValues: readonly string[];
}

/**
 * The session stage an SSO login earns. The IdP's MFA replaces our second factor only when the municipality
 * trusts it AND this very ID token proves it (amr or acr): trusting the IdP is not enough, because the IdP may
 * let some logins through with a password alone (e.g. from inside its own network).
 */
export function ssoStage(policy: MfaPolicy, claims: Readonly<Record<string, unknown>>): SessionStage {
  if (!policy.trustIdpMfa) return 'second_factor';
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((v): v is string => typeof v === 'string') : [];
  const byAmr = amr.some((v) => policy.mfaAmrValues.includes(v));
  const byAcr = typeof claims.acr === 'string' && policy.mfaAcrValues.includes(claims.acr);
  return byAmr || byAcr ? 'full' : 'second_factor';
}
