import { describe, expect, it } from 'vitest';
import { canMove, inviteState } from './invite-states.js';

describe('staff invite states', () => {
  const now = new Date('2026-12-03T10:00:00Z');
  const later = new Date('2026-12-10T10:00:00Z');

  it('is pending until it is used, revoked or past its expiry, and then stays there', () => {
    expect(inviteState({ usedAt: null, revokedAt: null, expiresAt: later }, now)).toBe('pending');
    expect(inviteState({ usedAt: now, revokedAt: null, expiresAt: later }, later)).toBe('used');
    expect(inviteState({ usedAt: null, revokedAt: now, expiresAt: later }, now)).toBe('revoked');
    expect(inviteState({ usedAt: null, revokedAt: null, expiresAt: now }, now)).toBe('expired');
  });

  it('accepts only a pending invite: a used, revoked or expired one cannot be used again', () => {
    expect(canMove('pending', 'accept')).toBe(true);
    for (const end of ['used', 'revoked', 'expired'] as const) {
      expect(canMove(end, 'accept')).toBe(false);
      expect(canMove(end, 'revoke')).toBe(false);
    }
  });
});
