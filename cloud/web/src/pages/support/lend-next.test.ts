import { describe, expect, it } from 'vitest';
import { codeStillWorks } from './enrolment-code.js';
import { chosenKiosk, freeKiosks, lendable, waitingForWipe } from './lend-next.js';

const shelf = (label: string, extra: Partial<Parameters<typeof lendable>[0]> = {}) => ({
  id: label.toLowerCase(),
  label,
  lifecycle: 'enrolled',
  lent: false,
  heldAs: null,
  returnedUnwipedAt: null,
  collectSince: null,
  ...extra,
});

describe('the next free kiosk to lend', () => {
  it('offers only kiosks the cloud would lend to a new citizen', () => {
    expect(lendable(shelf('KBH-0001'))).toBe(true);
    expect(lendable(shelf('KBH-0002', { lifecycle: 'registered' }))).toBe(true);
    expect(lendable(shelf('KBH-0003', { lifecycle: 'lent', lent: true }))).toBe(false);
    // Lent before it enrolled: registered, but at a citizen's.
    expect(lendable(shelf('KBH-0004', { lifecycle: 'registered', lent: true }))).toBe(false);
    expect(lendable(shelf('KBH-0005', { heldAs: 'in_repair' }))).toBe(false);
    expect(lendable(shelf('KBH-0006', { lifecycle: 'wiping' }))).toBe(false);
    expect(lendable(shelf('KBH-0007', { lifecycle: 'retired' }))).toBe(false);
    expect(lendable(shelf('KBH-0008', { collectSince: '2026-12-07T10:00:00Z' }))).toBe(false);
    // Taken back and not wiped: it holds the last borrower's contacts (the cloud answers 409).
    expect(lendable(shelf('KBH-0009', { returnedUnwipedAt: '2026-12-07T10:00:00Z' }))).toBe(false);
  });

  it('orders them as the shelf does, numbers as numbers, and skips one lent a moment ago', () => {
    const rows = [shelf('KIOSK-10'), shelf('KIOSK-2'), shelf('KBH-0010'), shelf('KBH-0009')];
    expect(freeKiosks(rows).map((d) => d.label)).toEqual(['KBH-0009', 'KBH-0010', 'KIOSK-2', 'KIOSK-10']);
    expect(freeKiosks(rows, new Set(['kbh-0009'])).map((d) => d.label)).toEqual([
      'KBH-0010',
      'KIOSK-2',
      'KIOSK-10',
    ]);
  });

  it('keeps the kiosk support chose while it is free, else takes the next one', () => {
    const free = freeKiosks([shelf('KBH-0001'), shelf('KBH-0002')]);
    expect(chosenKiosk(free, 'kbh-0002')?.label).toBe('KBH-0002');
    expect(chosenKiosk(free, null)?.label).toBe('KBH-0001');
    // Lent by a colleague meanwhile: gone from the free ones, so the next one.
    expect(chosenKiosk(free, 'kbh-0042')?.label).toBe('KBH-0001');
    expect(chosenKiosk([], null)).toBeNull();
  });

  it('counts the kiosks taken back that wait for a wipe', () => {
    const rows = [
      shelf('KBH-0001', { returnedUnwipedAt: '2026-12-07T10:00:00Z' }),
      shelf('KBH-0002', { returnedUnwipedAt: '2026-12-07T10:00:00Z', heldAs: 'in_repair' }),
      shelf('KBH-0003'),
    ];
    expect(waitingForWipe(rows)).toBe(1);
  });
});

describe('a code made before the lend', () => {
  it('is kept while it works: made, not used and not expired', () => {
    const now = Date.parse('2026-12-08T02:00:00Z');
    expect(codeStillWorks({ enrolmentCodeUntil: '2026-12-15T02:00:00.000Z' }, now)).toBe(true);
    expect(codeStillWorks({ enrolmentCodeUntil: '2026-12-08T01:59:59.000Z' }, now)).toBe(false);
    // None made, or used (the cloud clears it), or an older cloud that does not say.
    expect(codeStillWorks({ enrolmentCodeUntil: null }, now)).toBe(false);
    expect(codeStillWorks({}, now)).toBe(false);
  });
});
