import { eq } from 'drizzle-orm';
import { staffTable } from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import type { AuthDeps } from '../deps.js';
import { auditAuth } from '../login/audit.js';
import { issueRecoveryCodes } from './recovery-codes.js';
import { confirmPending, PENDING_ENROLMENT_MS, readTotp, removeTotp, savePendingSecret } from './store.js';
import { checkTotp, enrolmentArtefacts, newTotpSecret } from './totp.js';

export interface TotpSubject {
  staffId: string;
  municipalityId: string;
}

/**
 * Starts (or restarts) a TOTP enrolment: a new secret, held pending until a code confirms it. Used by:
 * POST /api/auth/totp/enrol. The secret is shown once here (QR code and text) and then only stored sealed.
 */
export async function startTotpEnrolment(
  deps: Pick<AuthDeps, 'db' | 'clock'>,
  secretsKey: Buffer,
  who: TotpSubject,
  ip: string | null,
) {
  const now = new Date(deps.clock.now());
  const [staff] = await deps.db.db
    .select({ username: staffTable.username })
    .from(staffTable)
    .where(eq(staffTable.id, who.staffId));
  if (!staff) throw AppError.unauthenticated();
  const secret = newTotpSecret();
  await savePendingSecret(deps.db.db, secretsKey, who.staffId, secret, now);
  await auditAuth(deps, {
    action: 'auth.factor.enrolled',
    municipalityId: who.municipalityId,
    staffId: who.staffId,
    ip,
    details: { factor: 'totp', confirmed: false },
  });
  const artefacts = await enrolmentArtefacts(secret, staff.username);
  return { ...artefacts, secret, expiresAt: new Date(now.getTime() + PENDING_ENROLMENT_MS).toISOString() };
}

/**
 * Confirms the pending secret with a code from the app and issues fresh recovery codes (shown once).
 * Used by: POST /api/auth/totp/confirm.
 */
export async function confirmTotpEnrolment(
  deps: Pick<AuthDeps, 'db' | 'clock'>,
  secretsKey: Buffer,
  who: TotpSubject,
  code: string,
  ip: string | null,
): Promise<string[]> {
  const db = deps.db.db;
  const now = new Date(deps.clock.now());
  const { pending } = await readTotp(db, secretsKey, who.staffId, now);
  if (!pending) throw AppError.conflict('There is no authenticator waiting for confirmation. Start again.');
  const check = await checkTotp(pending.secret, code, now.getTime(), null);
  if (!check.ok) {
    throw AppError.invalidInput('The code is not right. Try the newest code from the app.', [
      { path: 'code', message: 'wrong code' },
    ]);
  }
  if (!(await confirmPending(db, who.staffId, check.step, now))) {
    throw AppError.conflict('There is no authenticator waiting for confirmation. Start again.');
  }
  const codes = await issueRecoveryCodes(db, who.staffId, now);
  await auditAuth(deps, {
    action: 'auth.factor.confirmed',
    municipalityId: who.municipalityId,
    staffId: who.staffId,
    ip,
    details: { factor: 'totp', recoveryCodes: codes.length },
  });
  return codes;
}

/** Removes a person's authenticator (support resets a lost phone). Used by the staff-administration routes. */
export async function removeTotpFactor(
  deps: Pick<AuthDeps, 'db' | 'clock'>,
  who: TotpSubject,
  actor: { staffId: string | null; ip: string | null },
): Promise<boolean> {
  const removed = await removeTotp(deps.db.db, who.staffId);
  if (removed) {
    await auditAuth(deps, {
      action: 'auth.factor.removed',
      municipalityId: who.municipalityId,
      staffId: actor.staffId,
      ip: actor.ip,
      details: { factor: 'totp', subjectId: who.staffId },
    });
  }
  return removed;
}
