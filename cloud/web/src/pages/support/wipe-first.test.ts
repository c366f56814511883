import { describe, expect, it } from 'vitest';
import { wipeFirst } from './wipe-first.js';

const returned = {
  lent: false,
  heldAs: null,
  lifecycle: 'enrolled',
  returnedUnwipedAt: '2026-12-06T09:00:00.000Z',
} as const;

describe('the lend dialog of a kiosk taken back (it offered lending again at once, unwiped)', () => {
  it('offers "Slet skærmen" first for a kiosk returned and not wiped since', () => {
    expect(wipeFirst(returned)).toBe(true);
  });

  it('does not for a kiosk never lent, wiped since, lent again, or marked lost (its wipe stays below)', () => {
    expect(wipeFirst({ ...returned, returnedUnwipedAt: null })).toBe(false);
    expect(wipeFirst({ ...returned, returnedUnwipedAt: undefined })).toBe(false);
    expect(wipeFirst({ ...returned, lent: true })).toBe(false);
    expect(wipeFirst({ ...returned, heldAs: 'lost' })).toBe(false);
    expect(wipeFirst({ ...returned, lifecycle: 'wiping' })).toBe(false);
  });

  it('calls a kiosk returned and not wiped "taken back", not in stock, until it is wiped or lent', async () => {
    const { returnedUnwiped } = await import('./wipe-first.js');
    expect(returnedUnwiped(returned)).toBe(true);
    expect(returnedUnwiped({ ...returned, returnedUnwipedAt: null })).toBe(false);
    expect(returnedUnwiped({ ...returned, lifecycle: 'wiping' })).toBe(false);
  });
});
