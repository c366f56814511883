import { and, eq, isNull } from 'drizzle-orm';
import type { Context } from 'hono';
import { sessionsTable, staffTable } from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import type { AppEnv } from '../../kernel/http/env.js';
import type { AuthDeps } from '../deps.js';
import { issueSession } from '../issue-session.js';
import { auditAuth } from './audit.js';

export const NO_PENDING_LOGIN = 'There is no login waiting for this step. Log in again.';

export interface PendingStaffLogin {
  sessionId: string;
  staffId: string;
  municipalityId: string;
  stage: 'second_factor' | 'password_change';
}

/** The half-way staff login of this request, in the given stage, or a 401 (a 403 off the staff network). */
export async function requirePendingStaff(
  c: Context<AppEnv>,
  deps: Pick<AuthDeps, 'db'>,
  stage: 'second_factor' | 'password_change',
): Promise<PendingStaffLogin> {
  const pending = c.get('pendingSession');
  if (pending?.kind !== 'staff' || pending.stage !== stage) {
    if (c.get('denial') === 'network')
      throw AppError.forbidden('Staff can only use ScreenVisit from the municipality’s network.');
    throw AppError.unauthenticated(NO_PENDING_LOGIN);
  }
  const [row] = await deps.db.db
    .select({ municipalityId: sessionsTable.municipalityId })
    .from(sessionsTable)
    .where(eq(sessionsTable.id, pending.id));
  if (!row) throw AppError.unauthenticated(NO_PENDING_LOGIN);
  return { sessionId: pending.id, staffId: pending.subjectId, municipalityId: row.municipalityId, stage };
}

/**
 * Ends the half-way session if it is still live and starts the next one with a NEW token (no session
 * fixation, OWASP ASVS 5.0 7.2.4). Of two concurrent completions only one wins the UPDATE.
 */
export async function advanceSession(
  c: Context<AppEnv>,
  deps: Pick<AuthDeps, 'db' | 'clock' | 'config'>,
  pending: PendingStaffLogin,
  next: { stage: 'second_factor' | 'full'; method: string },
): Promise<{ sessionId: string; csrfToken: string }> {
  const now = new Date(deps.clock.now());
  const retired = await deps.db.db
    .update(sessionsTable)
    .set({ revokedAt: now, revokedReason: `${pending.stage}_completed` })
    .where(and(eq(sessionsTable.id, pending.sessionId), isNull(sessionsTable.revokedAt)))
    .returning({ id: sessionsTable.id });
  if (retired.length !== 1) throw AppError.unauthenticated(NO_PENDING_LOGIN);
  return issueSession(c, deps, {
    subjectKind: 'staff',
    subjectId: pending.staffId,
    municipalityId: pending.municipalityId,
    stage: next.stage,
    method: next.method,
    ip: c.get('clientIp'),
  });
}

/**
 * The second factor is done: a full session, the login recorded. Used by: POST /api/auth/second-factor/totp,
 * POST /api/auth/second-factor/recovery, POST /api/auth/totp/confirm (first-login enrolment).
 */
export async function completeStaffLogin(
  c: Context<AppEnv>,
  deps: Pick<AuthDeps, 'db' | 'clock' | 'config'>,
  pending: PendingStaffLogin,
  method: 'totp' | 'recovery' | 'totp_enrolment',
): Promise<{ sessionId: string; csrfToken: string }> {
  const issued = await advanceSession(c, deps, pending, { stage: 'full', method });
  const now = new Date(deps.clock.now());
  await deps.db.db.update(staffTable).set({ lastLoginAt: now }).where(eq(staffTable.id, pending.staffId));
  await auditAuth(deps, {
    action: 'auth.second_factor.succeeded',
    municipalityId: pending.municipalityId,
    staffId: pending.staffId,
    ip: c.get('clientIp'),
    details: { method, sessionId: issued.sessionId },
  });
  return issued;
}
