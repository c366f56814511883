import { and, eq } from 'drizzle-orm';
import { hashPassword } from '../../auth/password/hashing.js';
import { oneTimePassword } from '../../auth/password/one-time.js';
import { revokeAllSessions } from '../../auth/session-store.js';
import {
  appendAudit,
  type Db,
  endDutyLeftByClosing,
  passkeysTable,
  type StaffRole,
  staffRecoveryCodesTable,
  staffTable,
  staffTotpTable,
  staffUnlockPinsTable,
} from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import { type AccessResetter, mayReset } from './who-may-reset.js';

/**
 * A staff member who lost her phone (authenticator or passkey), forgot her password, or whose account was closed
 * (for inactivity, or by mistake) gets her access back the way an operator's new account starts: a random
 * one-time password, shown once to whoever reset it, stored only as its argon2id hash with no change date, so
 * her first login must replace it (auth/password/max-age.ts: `temporary`, even with expiry off). Every second
 * factor she had (authenticator app, passkeys, recovery codes, night-watch unlock PIN) is removed, so that login
 * must enrol a new one (auth/login/factors.ts mayEnrolAtLogin): whoever holds the lost phone holds nothing. Every
 * session of hers is revoked. Password history stays, so she cannot go back to an old password.
 *
 * Used by: POST /api/staff/{id}/reset-access (support for staff, unit managers and support colleagues; 2nd line
 * for the municipality's support workers: who-may-reset.ts) and `npm run bootstrap -- reset-account` (the
 * operator, any role). One `staff.access_reset` audit entry, never with the password.
 *
 * A closed account is opened again only when asked (`reopen`), so nobody reopens a leaver's account by
 * accident. Reopening restarts the inactivity clock: last login is set to the reopening, or the inactivity job
 * (accounts/inactivity.ts, which counts from the last login) would close it again at its next run.
 */
export const RESET_CLOSED_NEEDS_REOPEN =
  'This account is closed. Say that it should be opened again (reopen) to reset it.';
export const RESET_OWN_ACCOUNT = 'You cannot reset your own access. Ask a colleague or 2nd line.';

export interface ResetAccessInput {
  municipalityId: string;
  staffId: string;
  by: AccessResetter;
  reopen: boolean;
  now: Date;
  ip: string | null;
}

export interface ResetAccessResult {
  staffId: string;
  username: string;
  displayName: string;
  role: StaffRole;
  /** Shown once to the person who reset it; never stored, logged or audited. */
  oneTimePassword: string;
  reopened: boolean;
  sessionsRevoked: number;
  /** The revoked sessions, so the route can close their open WebSockets now (as logout does). */
  revokedSessionIds: string[];
  secondFactorsRemoved: number;
}

export async function resetStaffAccess(db: Db, input: ResetAccessInput): Promise<ResetAccessResult> {
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [target] = await tx
      .select()
      .from(staffTable)
      .where(and(eq(staffTable.id, input.staffId), eq(staffTable.municipalityId, input.municipalityId)))
      .for('update');
    if (!target) throw AppError.notFound('Staff member');
    if (input.by.kind === 'staff' && input.by.id === target.id) throw AppError.forbidden(RESET_OWN_ACCOUNT);
    if (!mayReset(input.by, target.role)) throw AppError.forbidden();
    const closed = target.disabledAt !== null;
    if (closed && !input.reopen) throw AppError.conflict(RESET_CLOSED_NEEDS_REOPEN);
    await tx
      .update(staffTable)
      .set({
        passwordHash,
        passwordChangedAt: null,
        ...(closed ? { disabledAt: null, lastLoginAt: input.now } : {}),
      })
      .where(eq(staffTable.id, target.id));
    if (closed && target.disabledAt) await endDutyLeftByClosing(tx, target.id, target.disabledAt);
    const removed = await Promise.all([
      tx
        .delete(staffTotpTable)
        .where(eq(staffTotpTable.staffId, target.id))
        .returning({ id: staffTotpTable.staffId }),
      tx
        .delete(passkeysTable)
        .where(eq(passkeysTable.staffId, target.id))
        .returning({ id: passkeysTable.id }),
      tx
        .delete(staffRecoveryCodesTable)
        .where(eq(staffRecoveryCodesTable.staffId, target.id))
        .returning({ id: staffRecoveryCodesTable.id }),
      tx
        .delete(staffUnlockPinsTable)
        .where(eq(staffUnlockPinsTable.staffId, target.id))
        .returning({ id: staffUnlockPinsTable.staffId }),
    ]);
    const [totp, passkeys, recoveryCodes, unlockPin] = removed.map((rows) => rows.length) as [
      number,
      number,
      number,
      number,
    ];
    const sessions = await revokeAllSessions(tx, { kind: 'staff', id: target.id }, 'access_reset', input.now);
    await appendAudit(tx, {
      municipalityId: input.municipalityId,
      actorKind: input.by.kind,
      actorId: input.by.kind === 'staff' ? input.by.id : null,
      action: 'staff.access_reset',
      targetKind: 'staff',
      targetId: target.id,
      ip: input.ip,
      details: {
        role: target.role,
        reopened: closed,
        removed: { totp, passkeys, recoveryCodes, unlockPin },
        sessionsRevoked: sessions.length,
        ...(input.by.kind === 'system'
          ? { via: 'bootstrap', ranBy: input.by.ranBy }
          : { byRole: input.by.role }),
      },
    });
    return {
      staffId: target.id,
      username: target.username,
      displayName: target.displayName,
      role: target.role,
      oneTimePassword: password,
      reopened: closed,
      sessionsRevoked: sessions.length,
      revokedSessionIds: sessions,
      secondFactorsRemoved: totp + passkeys,
    };
  });
}
