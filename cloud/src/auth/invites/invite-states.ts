/**
 * A staff invite's life as a typed table (issue 12 §1): issued, then accepted once, or revoked (a newer invite
 * for the same person, or the account closed), or expired. Only `pending` moves; the three ends are final.
 */
export type InviteState = 'pending' | 'used' | 'revoked' | 'expired';

export interface InviteRow {
  readonly usedAt: Date | null;
  readonly revokedAt: Date | null;
  readonly expiresAt: Date;
}

export type InviteTransition = 'accept' | 'revoke' | 'expire';

/** Which transition leaves which state, and where to. A transition missing here is refused. */
export const INVITE_TRANSITIONS: Readonly<
  Record<InviteState, Partial<Readonly<Record<InviteTransition, InviteState>>>>
> = {
  pending: { accept: 'used', revoke: 'revoked', expire: 'expired' },
  used: {},
  revoked: {},
  expired: {},
};

/** The state of a stored invite at `now`. Expiry is read from the clock, not stored. */
export function inviteState(row: InviteRow, now: Date): InviteState {
  if (row.usedAt) return 'used';
  if (row.revokedAt) return 'revoked';
  return row.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}

export function canMove(from: InviteState, step: InviteTransition): boolean {
  return INVITE_TRANSITIONS[from][step] !== undefined;
}
