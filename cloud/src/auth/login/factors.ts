import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { type Db, passkeysTable, staffRecoveryCodesTable, staffTotpTable } from '../../db/index.js';

/** The second factors a login answer can offer. Recovery codes only back up a real factor. */
export type SecondFactor = 'totp' | 'recovery' | 'passkey';

/** What this person can complete the second step with, in the order the login screen offers them. */
export async function listSecondFactors(db: Db, staffId: string): Promise<SecondFactor[]> {
  const [totp, recovery, passkey] = await Promise.all([
    db
      .select({ id: staffTotpTable.staffId })
      .from(staffTotpTable)
      .where(and(eq(staffTotpTable.staffId, staffId), isNotNull(staffTotpTable.confirmedAt)))
      .limit(1),
    db
      .select({ id: staffRecoveryCodesTable.id })
      .from(staffRecoveryCodesTable)
      .where(and(eq(staffRecoveryCodesTable.staffId, staffId), isNull(staffRecoveryCodesTable.usedAt)))
      .limit(1),
    db
      .select({ id: passkeysTable.id })
      .from(passkeysTable)
      .where(eq(passkeysTable.staffId, staffId))
      .limit(1),
  ]);
  const factors: SecondFactor[] = [];
  if (passkey.length > 0) factors.push('passkey');
  if (totp.length > 0) factors.push('totp');
  if (recovery.length > 0) factors.push('recovery');
  return factors;
}

/**
 * First-login enrolment is allowed only while the person has NO real factor: otherwise anyone who learnt the
 * password could add their own authenticator and walk past the second step.
 */
export function mayEnrolAtLogin(factors: readonly SecondFactor[]): boolean {
  return !factors.includes('totp') && !factors.includes('passkey');
}
