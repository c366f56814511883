import { describe, expect, it } from 'vitest';
import { closeOffer, ownStaffId } from './staff-close.js';

const sofie = { id: 's-1', displayName: 'Sofie Berg', role: 'support' };
const anna = { id: 'a-1', displayName: 'Anna Jensen', role: 'staff' };
const henrik = { id: 'h-1', displayName: 'Henrik Dahl', role: 'system_admin' };

describe('whether the staff card offers to close a staff member', () => {
  it('offers it for a colleague, not for oneself, a system administrator or an account already closed', () => {
    const me = { id: sofie.id, role: 'support' };
    expect(closeOffer(anna, false, me)).toBe('offer');
    expect(closeOffer(sofie, false, me)).toBe('self');
    expect(closeOffer(henrik, false, me)).toBe('system_admin');
    expect(closeOffer(anna, true, me)).toBe('closed');
    // Another system administrator may close one (the cloud's rule).
    expect(closeOffer(henrik, false, { id: 'h-2', role: 'system_admin' })).toBe('offer');
  });

  it('knows who is logged in only when their name and role are one staff member’s', () => {
    expect(ownStaffId([sofie, anna], sofie, 20)).toBe('s-1');
    // Two support workers called Sofie Berg: unknown, and the cloud refuses one's own account instead.
    expect(ownStaffId([sofie, { ...sofie, id: 's-2' }], sofie, 20)).toBeNull();
    // A namesake in another role is someone else.
    expect(ownStaffId([sofie, { ...sofie, id: 's-3', role: 'staff' }], sofie, 20)).toBe('s-1');
    // A search cut at its limit may have left the namesake out.
    expect(ownStaffId([sofie, anna], sofie, 2)).toBeNull();
    expect(closeOffer(sofie, false, { id: null, role: 'support' })).toBe('offer');
  });
});
