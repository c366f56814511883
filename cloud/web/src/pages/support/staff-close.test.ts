import { describe, expect, it } from 'vitest';
import { accountResetOffer, closeOffer, offersReset } from './staff-close.js';

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

  it('offers it when the session named no id (an older cloud), and the cloud refuses one’s own account', () => {
    expect(closeOffer(sofie, false, { id: null, role: 'support' })).toBe('offer');
  });
});

describe('offersReset', () => {
  const me = { id: 'me', role: 'support' };
  const open = { hasPassword: true, disabled: false };
  it('offers support a reset of staff, unit managers and support colleagues who have a password or are closed', () => {
    for (const role of ['staff', 'unit_manager', 'support'])
      expect(offersReset({ id: 'x', role }, open, me)).toBe(true);
    expect(offersReset({ id: 'x', role: 'staff' }, { hasPassword: false, disabled: true }, me)).toBe(true);
  });
  it('never offers it for oneself, above support, to other roles, or to someone still waiting for an invitation', () => {
    expect(offersReset({ id: 'me', role: 'support' }, open, me)).toBe(false);
    expect(offersReset({ id: 'x', role: 'system_admin' }, open, me)).toBe(false);
    expect(offersReset({ id: 'x', role: 'vendor_support' }, open, me)).toBe(false);
    expect(offersReset({ id: 'x', role: 'staff' }, open, { id: 'a', role: 'system_admin' })).toBe(false);
    expect(offersReset({ id: 'x', role: 'staff' }, { hasPassword: false, disabled: false }, me)).toBe(false);
  });
});

describe('what a row under Supportkonti offers', () => {
  const nina = { id: 'n-1', role: 'vendor_support' };
  const sofieRow = { id: 's-1', role: 'support' };
  it('offers 2nd line and a support colleague the reset of a support worker, and tells her it is her own', () => {
    expect(accountResetOffer(sofieRow, nina)).toBe('reset');
    expect(accountResetOffer(sofieRow, { id: 's-2', role: 'support' })).toBe('reset');
    expect(accountResetOffer(sofieRow, { id: 's-1', role: 'support' })).toBe('self');
  });
  it('says a 2nd-line account is reset by operations, also to 2nd line herself (no colleague or 2nd line can)', () => {
    expect(accountResetOffer(nina, nina)).toBe('operator');
    expect(accountResetOffer(nina, { id: 's-1', role: 'support' })).toBe('operator');
  });
});
