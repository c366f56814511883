import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { resetStaffAccess } from '../accounts/reset-access/reset-access.js';
import { type Db, type StaffRole, staffTable } from '../db/index.js';
import { isAppError } from '../kernel/errors.js';
import { BootstrapRefusal, MunicipalityFlag, municipalityNamed, UsernameFlag } from './bootstrap.js';

/**
 * `npm run bootstrap -- reset-account`: the operator gives any account of a municipality a new one-time
 * password and makes it enrol a new second factor (accounts/reset-access/reset-access.ts, the same action as
 * 2nd line's button). For whoever nobody in the product may reset: a system administrator, a 2nd line account,
 * or a support desk whose 2nd line is locked out too. A closed account needs `--reopen`. One `staff.access_reset`
 * audit entry (actor `system`, `details.via` `bootstrap`, `details.ranBy` the operating-system user).
 */
export const ResetAccountArgs = z.object({
  municipality: MunicipalityFlag,
  username: UsernameFlag,
  reopen: z.boolean().default(false),
});
export type ResetAccountArgs = z.infer<typeof ResetAccountArgs>;

export interface ResetAccountResult {
  staffId: string;
  role: StaffRole;
  displayName: string;
  reopened: boolean;
  oneTimePassword: string;
}

export async function resetAccount(
  db: Db,
  input: ResetAccountArgs & { now: Date; ranBy: string | null },
): Promise<ResetAccountResult> {
  const municipality = await municipalityNamed(db, input.municipality);
  const [staff] = await db
    .select({ id: staffTable.id, disabledAt: staffTable.disabledAt })
    .from(staffTable)
    .where(
      and(
        eq(staffTable.municipalityId, municipality.id),
        sql`lower(${staffTable.username}) = ${input.username}`,
      ),
    );
  if (!staff)
    throw new BootstrapRefusal(`No account ${input.username} in ${input.municipality}. Nothing changed.`);
  if (staff.disabledAt && !input.reopen) {
    throw new BootstrapRefusal(
      `${input.username} is closed. Add --reopen to open it again with a one-time password. Nothing changed.`,
    );
  }
  try {
    const result = await resetStaffAccess(db, {
      municipalityId: municipality.id,
      staffId: staff.id,
      by: { kind: 'system', ranBy: input.ranBy },
      reopen: input.reopen,
      now: input.now,
      ip: null,
    });
    return {
      staffId: result.staffId,
      role: result.role,
      displayName: result.displayName,
      reopened: result.reopened,
      oneTimePassword: result.oneTimePassword,
    };
  } catch (error) {
    if (isAppError(error) && error.status < 500) throw new BootstrapRefusal(error.detail);
    throw error;
  }
}
