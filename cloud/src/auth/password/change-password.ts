import { eq } from 'drizzle-orm';
import { municipalitiesTable, staffTable } from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import type { AuthDeps } from '../deps.js';
import { auditAuth } from '../login/audit.js';
import { ThrottledError } from '../login/password-login.js';
import type { LoginThrottle } from '../throttle/login-throttle.js';
import { hashPassword, verifyPassword } from './hashing.js';
import { isRecentlyUsed, PASSWORD_HISTORY_DEPTH, rememberPassword } from './history.js';
import { type PasswordPolicy, POLICY_MESSAGES } from './policy.js';

/**
 * Sets a new password after checking the current one, the policy and the history. Used by:
 * POST /api/auth/password (full sessions, and the `password_change` stage of an expired password).
 */
export async function changePassword(
  deps: Pick<AuthDeps, 'db' | 'clock'>,
  tools: { throttle: LoginThrottle; policy: PasswordPolicy },
  who: { staffId: string; municipalityId: string },
  input: { current?: string | undefined; next: string },
  ip: string | null,
  options: { firstPassword?: boolean } = {},
): Promise<void> {
  const db = deps.db.db;
  const keys = { account: `password-change:${who.staffId}`, ip };
  const wait = await tools.throttle.retryAfterMs(keys);
  if (wait > 0) throw new ThrottledError(wait);
  const [row] = await db
    .select({ staff: staffTable, municipalityName: municipalitiesTable.name })
    .from(staffTable)
    .innerJoin(municipalitiesTable, eq(municipalitiesTable.id, staffTable.municipalityId))
    .where(eq(staffTable.id, who.staffId));
  if (!row) throw AppError.unauthenticated();
  const { staff } = row;

  // Issue 12 §1: a staff member opening an invitation has no password to confirm. Only the login step reached
  // through an invitation passes `firstPassword`, and only an account with no password skips the check.
  const first = options.firstPassword === true && staff.passwordHash === null;
  if (!first && !(await verifyPassword(staff.passwordHash, input.current ?? ''))) {
    await tools.throttle.recordFailure(keys);
    await auditAuth(deps, {
      action: 'auth.password.change_failed',
      municipalityId: who.municipalityId,
      staffId: who.staffId,
      ip,
      details: { reason: 'bad_password' },
    });
    throw AppError.invalidInput('The current password is wrong.', [
      { path: 'current', message: 'wrong password' },
    ]);
  }
  await tools.throttle.recordSuccess(`password-change:${who.staffId}`, ip);

  const verdict = tools.policy.check(input.next, {
    username: staff.username,
    displayName: staff.displayName,
    extraWords: [row.municipalityName],
  });
  if (!verdict.ok) {
    throw AppError.invalidInput(
      POLICY_MESSAGES[verdict.reasons[0]!],
      verdict.reasons.map((reason) => ({ path: 'next', message: reason })),
    );
  }
  if (await isRecentlyUsed(db, staff.id, staff.passwordHash, input.next)) {
    throw AppError.invalidInput(
      `Choose a password you have not used for your last ${PASSWORD_HISTORY_DEPTH} passwords.`,
      [{ path: 'next', message: 'reused' }],
    );
  }

  const now = new Date(deps.clock.now());
  const nextHash = await hashPassword(input.next);
  await db.transaction(async (tx) => {
    await tx
      .update(staffTable)
      .set({ passwordHash: nextHash, passwordChangedAt: now })
      .where(eq(staffTable.id, staff.id));
    await rememberPassword(tx, staff.id, { previousHash: staff.passwordHash, nextHash, now });
  });
  await auditAuth(deps, {
    action: 'auth.password.changed',
    municipalityId: who.municipalityId,
    staffId: who.staffId,
    ip,
  });
}
