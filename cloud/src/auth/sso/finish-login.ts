import { and, eq, sql } from 'drizzle-orm';
import { type SessionStage, staffTable } from '../../db/index.js';
import { SsoRefusal } from './errors.js';
import { findIdentityProviderById } from './idp-repo.js';
import { consumeLoginAttempt } from './login-attempts.js';
import { ssoStage } from './mfa.js';
import { discoverIdp, redeemCode } from './oidc.js';
import { assertStaffNetwork, type SsoDeps } from './start-login.js';

export interface SsoLoginResult {
  readonly staffId: string;
  readonly municipalityId: string;
  readonly providerId: string;
  readonly stage: SessionStage;
}

/**
 * Step 2 of staff SSO (route GET /api/auth/sso/callback): accept the authorization response once, validate
 * it with openid-client, and map the ID token to an EXISTING, active staff member of the municipality that
 * started the login. SSO never creates accounts: SCIM provisions staff (issue 3).
 * Throws SsoRefusal carrying the municipality, IdP and staff ids known so far, for the audit entry.
 */
export async function finishSsoLogin(
  deps: SsoDeps,
  input: { handle: string | undefined; search: string; ip: string | null },
): Promise<SsoLoginResult> {
  const db = deps.db.db;
  if (!input.handle) throw new SsoRefusal('no_attempt');
  const now = new Date(deps.clock.now());
  const attempt = await consumeLoginAttempt(db, input.handle, now);
  if (!attempt) throw new SsoRefusal('attempt_used_or_expired');

  const context = { municipalityId: attempt.municipalityId, providerId: attempt.providerId };
  try {
    const idp = await findIdentityProviderById(db, attempt.providerId);
    if (!idp?.enabled) throw new SsoRefusal('not_configured');
    await assertStaffNetwork(db, attempt.municipalityId, input.ip);

    const config = await discoverIdp(idp, deps.oidc, deps.secretsKey);
    // Rebuild the callback URL from the redirect_uri we sent, not from this request's Host: the token request
    // must repeat it exactly (RFC 6749 §4.1.3), and behind a proxy the Host we see is an internal one.
    const callbackUrl = new URL(attempt.redirectUri);
    callbackUrl.search = input.search;
    const claims = await redeemCode(config, callbackUrl, attempt);

    const username = claims[idp.usernameClaim];
    if (typeof username !== 'string' || username.length === 0) throw new SsoRefusal('missing_claim');
    // Case-insensitive: AD UPNs and e-mail addresses are. Two rows differing only in case are ambiguous: refuse.
    const matches = await db
      .select({ id: staffTable.id, disabledAt: staffTable.disabledAt })
      .from(staffTable)
      .where(
        and(
          eq(staffTable.municipalityId, attempt.municipalityId),
          eq(sql`lower(${staffTable.username})`, username.toLowerCase()),
        ),
      )
      .limit(2);
    const staff = matches.length === 1 ? matches[0]! : null;
    if (!staff) throw new SsoRefusal('unknown_user');
    if (staff.disabledAt !== null) throw new SsoRefusal('disabled_user', { context: { staffId: staff.id } });

    const stage = ssoStage(idp, claims);
    if (stage === 'full')
      await db.update(staffTable).set({ lastLoginAt: now }).where(eq(staffTable.id, staff.id));
    return { staffId: staff.id, stage, ...context };
  } catch (error) {
    if (error instanceof SsoRefusal) error.within(context);
    throw error;
  }
}
