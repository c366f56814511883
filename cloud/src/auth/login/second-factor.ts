import { AppError } from '../../kernel/errors.js';
import type { AuthDeps } from '../deps.js';
import { consumeRecoveryCode, unusedRecoveryCodes } from '../totp/recovery-codes.js';
import { markStepUsed, readTotp } from '../totp/store.js';
import { checkTotp } from '../totp/totp.js';
import { auditAuth, type LoginFailure } from './audit.js';
import type { LoginState } from './login-state.js';
import { ThrottledError } from './password-login.js';
import type { PendingStaffLogin } from './pending.js';

export const WRONG_CODE = 'The code is not right. Try the newest code.';

const secondFactorKey = (staffId: string) => `second-factor:${staffId}`;

/**
 * Verifies a TOTP code or a recovery code for a half-way login. Used by: POST /api/auth/second-factor/totp,
 * POST /api/auth/second-factor/recovery. Throttled per person and per IP like the password step: 6 digits
 * would otherwise fall to guessing (NIST SP 800-63B-4 §3.2.2).
 */
export async function verifySecondFactor(
  deps: Pick<AuthDeps, 'db' | 'clock'>,
  loginState: LoginState,
  pending: PendingStaffLogin,
  attempt: { method: 'totp' | 'recovery'; code: string },
  ip: string | null,
): Promise<void> {
  const db = deps.db.db;
  const keys = { account: secondFactorKey(pending.staffId), ip };
  const wait = await loginState.throttle.retryAfterMs(keys);
  if (wait > 0) throw new ThrottledError(wait);
  const now = new Date(deps.clock.now());

  let failure: LoginFailure | null = null;
  if (attempt.method === 'totp') {
    const { confirmed } = await readTotp(db, loginState.secretsKey, pending.staffId, now);
    if (!confirmed) failure = 'no_factor';
    else {
      const check = await checkTotp(confirmed.secret, attempt.code, now.getTime(), confirmed.lastUsedStep);
      if (!check.ok) failure = check.reason === 'replay' ? 'totp_replay' : 'bad_totp';
      else if (!(await markStepUsed(db, pending.staffId, check.step))) failure = 'totp_replay';
    }
  } else if (!(await consumeRecoveryCode(db, pending.staffId, attempt.code, now))) {
    failure = 'bad_recovery_code';
  }

  if (failure) {
    await loginState.throttle.recordFailure(keys);
    await auditAuth(deps, {
      action: 'auth.second_factor.failed',
      municipalityId: pending.municipalityId,
      staffId: pending.staffId,
      ip,
      details: { method: attempt.method, reason: failure },
    });
    throw AppError.unauthenticated(WRONG_CODE);
  }
  await loginState.throttle.recordSuccess(secondFactorKey(pending.staffId), ip);
  if (attempt.method === 'recovery') {
    await auditAuth(deps, {
      action: 'auth.recovery_code.used',
      municipalityId: pending.municipalityId,
      staffId: pending.staffId,
      ip,
      details: { remaining: await unusedRecoveryCodes(db, pending.staffId) },
    });
  }
}
