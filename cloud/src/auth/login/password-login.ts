import { AppError } from '../../kernel/errors.js';
import type { AuthDeps } from '../deps.js';
import { verifyPassword } from '../password/hashing.js';
import { type PasswordChangeReason, passwordChangeReason } from '../password/max-age.js';
import { accountKey } from '../throttle/login-throttle.js';
import { auditAuth, type LoginFailure } from './audit.js';
import type { LoginState } from './login-state.js';
import { networkVerdict } from './network.js';
import {
  allStaffNetworks,
  findLoginCandidates,
  type LoginCandidate,
  municipalityNetworks,
} from './staff-lookup.js';

export const WRONG_CREDENTIALS = 'The username or password is wrong.';
export const WRONG_NETWORK = 'Staff can only log in from the municipality’s network.';
export const ACCOUNT_CLOSED = 'This account is closed. Contact support.';

/** Raised with the wait, so the route can send Retry-After (RFC 9110 §10.2.3) with the 429. */
export class ThrottledError extends AppError {
  constructor(readonly retryAfterMs: number) {
    super('rate_limited', 'Too many attempts. Wait a moment and try again.');
  }
}
export function isThrottledError(e: unknown): e is ThrottledError {
  return e instanceof ThrottledError;
}

export interface PasswordLoginInput {
  username: string;
  password: string;
  municipalityId?: string | undefined;
}

/**
 * The password step of staff login. Used by: POST /api/auth/login. Checks, in this order: throttle (account and
 * IP), the staff network allow-list (before the password is looked at), the password (one argon2 verification
 * whether or not the account exists), a disabled account. Success is never a full session: the caller issues
 * stage `second_factor`, or `password_change` (with its reason) when the password is a temporary one-time password
 * or has outlived the municipality's maximum age.
 */
export async function passwordLogin(
  deps: Pick<AuthDeps, 'db' | 'clock'>,
  loginState: LoginState,
  input: PasswordLoginInput,
  ip: string | null,
): Promise<{
  staff: LoginCandidate;
  stage: 'second_factor' | 'password_change';
  passwordChange: PasswordChangeReason | null;
}> {
  const db = deps.db.db;
  const account = accountKey(input.username);
  const wait = await loginState.throttle.retryAfterMs({ account, ip });
  if (wait > 0) throw new ThrottledError(wait);

  const candidates = await findLoginCandidates(db, input.username, input.municipalityId);
  const staff = candidates.length === 1 ? candidates[0]! : null;
  const fail = async (reason: LoginFailure, keys: { account?: string }) => {
    await loginState.throttle.recordFailure({ ...keys, ip });
    await auditAuth(deps, {
      action: 'auth.login.failed',
      municipalityId: staff?.municipalityId ?? null,
      staffId: staff?.id ?? null,
      ip,
      details: { reason, step: 'password' },
    });
  };

  const verdict = networkVerdict({
    ip,
    namedMunicipality: input.municipalityId ? await municipalityNetworks(db, input.municipalityId) : null,
    account: staff ? staff.settings.staffNetworks : null,
    anyMunicipality: staff && input.municipalityId ? [] : await allStaffNetworks(db),
  });
  if (verdict !== 'allowed') {
    // Counted per IP only: the account's owner is not slowed down by someone outside the network.
    await fail('network', {});
    await loginState.throttle.settle({ account });
    if (verdict === 'refuse_visible') throw AppError.forbidden(WRONG_NETWORK);
    await verifyPassword(null, input.password); // same work as a wrong password
    throw AppError.unauthenticated(WRONG_CREDENTIALS);
  }

  const ok = await verifyPassword(staff?.passwordHash, input.password);
  if (!staff || !ok) {
    const reason: LoginFailure = !staff
      ? candidates.length > 1
        ? 'ambiguous_user'
        : 'unknown_user'
      : staff.passwordHash
        ? 'bad_password'
        : 'no_password';
    await fail(reason, { account });
    throw AppError.unauthenticated(WRONG_CREDENTIALS);
  }
  if (staff.disabledAt) {
    await fail('disabled', { account });
    throw AppError.forbidden(ACCOUNT_CLOSED);
  }
  await loginState.throttle.recordSuccess(account, ip);
  const now = new Date(deps.clock.now());
  const passwordChange = passwordChangeReason(
    staff.passwordChangedAt,
    staff.settings.passwordMaxAgeDays,
    now,
  );
  const stage = passwordChange ? 'password_change' : 'second_factor';
  await auditAuth(deps, {
    action: 'auth.login.password_verified',
    municipalityId: staff.municipalityId,
    staffId: staff.id,
    ip,
    details: { next: stage, ...(passwordChange ? { passwordChange } : {}) },
  });
  return { staff, stage, passwordChange };
}
