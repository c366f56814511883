import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { type Db, staffInvitesTable, staffTable } from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import { type InviteState, inviteState } from './invite-states.js';

/** Long enough for a letter to arrive and be opened; short enough that a lost letter soon stops working. */
export const INVITE_VALID_DAYS = 14;
const PREFIX = 'svinv_';
const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

export const ALREADY_HAS_PASSWORD =
  'This staff member already has a password. An invitation is only for someone who has none yet.';
export const ACCOUNT_CLOSED_INVITE = 'This account is closed. Open it again before sending an invitation.';
export const INVITE_NOT_VALID =
  'This invitation link cannot be used: it has been used, replaced or has expired. Ask support for a new one.';

export interface InviteStatus {
  hasPassword: boolean;
  /**
   * The password has no change date: one given by support's "Nulstil adgang" or the operator, which the next login
   * must replace (password/max-age.ts `temporary`). The staff card says so instead of "Har valgt en adgangskode".
   */
  temporaryPassword: boolean;
  disabled: boolean;
  lastLoginAt: Date | null;
  invite: { state: InviteState; createdAt: Date; expiresAt: Date } | null;
}

async function staffOf(db: Db, municipalityId: string, staffId: string) {
  const [staff] = await db
    .select()
    .from(staffTable)
    .where(and(eq(staffTable.id, staffId), eq(staffTable.municipalityId, municipalityId)));
  if (!staff) throw AppError.notFound('Staff member');
  return staff;
}

/** Used by: GET /api/staff/{id}/invite. What the support console's staff card shows. */
export async function readInviteStatus(
  db: Db,
  municipalityId: string,
  staffId: string,
  now: Date,
): Promise<InviteStatus> {
  const staff = await staffOf(db, municipalityId, staffId);
  const [latest] = await db
    .select()
    .from(staffInvitesTable)
    .where(eq(staffInvitesTable.staffId, staffId))
    .orderBy(desc(staffInvitesTable.createdAt))
    .limit(1);
  return {
    hasPassword: staff.passwordHash !== null,
    temporaryPassword: staff.passwordHash !== null && staff.passwordChangedAt === null,
    disabled: staff.disabledAt !== null,
    lastLoginAt: staff.lastLoginAt,
    invite: latest
      ? { state: inviteState(latest, now), createdAt: latest.createdAt, expiresAt: latest.expiresAt }
      : null,
  };
}

/**
 * Used by: POST /api/staff/{id}/invite. A new one-time token for a staff member with no password; any earlier
 * pending invite of theirs is revoked in the same transaction, so only the newest letter works. The plain
 * token is returned once (for the link and the letter); only its SHA-256 is stored.
 */
export async function issueInvite(
  db: Db,
  input: { municipalityId: string; staffId: string; byStaffId: string | null; now: Date },
): Promise<{ id: string; token: string; expiresAt: Date; revoked: number }> {
  const staff = await staffOf(db, input.municipalityId, input.staffId);
  if (staff.disabledAt) throw AppError.conflict(ACCOUNT_CLOSED_INVITE);
  if (staff.passwordHash !== null) throw AppError.conflict(ALREADY_HAS_PASSWORD);
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(input.now.getTime() + INVITE_VALID_DAYS * 86_400_000);
  return db.transaction(async (tx) => {
    const revoked = await tx
      .update(staffInvitesTable)
      .set({ revokedAt: input.now })
      .where(
        and(
          eq(staffInvitesTable.staffId, input.staffId),
          isNull(staffInvitesTable.usedAt),
          isNull(staffInvitesTable.revokedAt),
        ),
      )
      .returning({ id: staffInvitesTable.id });
    const [row] = await tx
      .insert(staffInvitesTable)
      .values({
        municipalityId: input.municipalityId,
        staffId: input.staffId,
        tokenHash: sha256(token),
        createdByStaffId: input.byStaffId,
        createdAt: input.now,
        expiresAt,
      })
      .returning({ id: staffInvitesTable.id });
    return { id: row!.id, token, expiresAt, revoked: revoked.length };
  });
}

/** The invite a token names and its state, without using it (the network check comes before it is spent). */
export async function findInvite(db: Db, token: string, now: Date) {
  if (!/^svinv_[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const [row] = await db
    .select()
    .from(staffInvitesTable)
    .where(eq(staffInvitesTable.tokenHash, sha256(token)));
  return row ? { ...row, state: inviteState(row, now) } : null;
}

/**
 * Spends the invite: pending → used in ONE conditional UPDATE, so of two concurrent clicks only one wins
 * (single use). Then the account must still be open and still without a password.
 */
export async function spendInvite(db: Db, inviteId: string, now: Date) {
  const [spent] = await db
    .update(staffInvitesTable)
    .set({ usedAt: now })
    .where(
      and(
        eq(staffInvitesTable.id, inviteId),
        isNull(staffInvitesTable.usedAt),
        isNull(staffInvitesTable.revokedAt),
        gt(staffInvitesTable.expiresAt, now),
      ),
    )
    .returning();
  if (!spent) return null;
  const [staff] = await db.select().from(staffTable).where(eq(staffTable.id, spent.staffId));
  if (!staff || staff.disabledAt || staff.passwordHash !== null) return null;
  return { inviteId: spent.id, staffId: staff.id, municipalityId: staff.municipalityId };
}
