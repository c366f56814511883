import { describe, expect, it } from 'vitest';
import { countByState, filterKiosks, type KioskFilter, NO_FILTER } from './kiosk-filter.js';

const kiosk = (label: string, more: Partial<Parameters<typeof filterKiosks>[0][number]> = {}) => ({
  label,
  citizenName: null as string | null,
  online: true,
  lifecycle: 'enrolled',
  heldAs: null as 'lost' | 'in_repair' | null,
  ...more,
});

const list = [
  kiosk('KBH-0001', { lifecycle: 'lent', citizenName: 'Aase Pedersen' }),
  kiosk('KBH-0002', { lifecycle: 'lent', citizenName: 'Poul Andersen', online: false }),
  kiosk('KBH-0003'),
  kiosk('KBH-0004', { online: false, heldAs: 'lost' }),
  kiosk('SOLBAKKEN-1', { lifecycle: 'registered', online: false }),
  kiosk('KBH-0005', { heldAs: 'in_repair', online: false }),
];
const labels = (filter: Partial<KioskFilter>, names = true) =>
  filterKiosks(list, { ...NO_FILTER, ...filter }, { names }).map((d) => d.label);

describe('support’s kiosk list, searched and filtered (a support worker with 40 kiosks)', () => {
  it('finds a kiosk by part of its label, in any case', () => {
    expect(labels({ query: 'kbh-000' })).toEqual([
      'KBH-0001',
      'KBH-0002',
      'KBH-0003',
      'KBH-0004',
      'KBH-0005',
    ]);
    expect(labels({ query: 'solbakken' })).toEqual(['SOLBAKKEN-1']);
  });

  it('finds a lent kiosk by its borrower’s name, every word anywhere', () => {
    expect(labels({ query: 'poul' })).toEqual(['KBH-0002']);
    expect(labels({ query: '  pedersen   aase ' })).toEqual(['KBH-0001']);
    expect(labels({ query: 'aase 0002' })).toEqual([]);
  });

  it('never finds a kiosk by a name the reader cannot see (vendor support sees no names)', () => {
    expect(labels({ query: 'poul' }, false)).toEqual([]);
    expect(labels({ query: 'KBH-0002' }, false)).toEqual(['KBH-0002']);
  });

  it('shows by connection, and by the status the row shows: a lost or repaired kiosk is not "på lager"', () => {
    expect(labels({ state: 'online' })).toEqual(['KBH-0001', 'KBH-0003']);
    expect(labels({ state: 'offline' })).toEqual(['KBH-0002', 'KBH-0004', 'SOLBAKKEN-1', 'KBH-0005']);
    expect(labels({ state: 'lent' })).toEqual(['KBH-0001', 'KBH-0002']);
    expect(labels({ state: 'enrolled' })).toEqual(['KBH-0003']);
    expect(labels({ state: 'lost' })).toEqual(['KBH-0004']);
    expect(labels({ state: 'in_repair' })).toEqual(['KBH-0005']);
    expect(labels({ state: 'registered' })).toEqual(['SOLBAKKEN-1']);
  });

  it('combines the search with the state', () => {
    expect(labels({ state: 'offline', query: 'poul' })).toEqual(['KBH-0002']);
    expect(labels({ state: 'online', query: 'poul' })).toEqual([]);
  });

  it('counts each state for the state picker', () => {
    expect(countByState(list)).toMatchObject({
      all: 6,
      online: 2,
      offline: 4,
      lent: 2,
      enrolled: 1,
      registered: 1,
      lost: 1,
      in_repair: 1,
      wiping: 0,
      retired: 0,
    });
  });

  it('lists a kiosk taken back and not wiped under its own state, not under "På lager"', () => {
    const rows = [kiosk('KBH-0010'), kiosk('KBH-0011', { returnedUnwipedAt: '2026-12-07T09:00:00.000Z' })];
    const only = (state: KioskFilter['state']) =>
      filterKiosks(rows, { ...NO_FILTER, state }, { names: true }).map((d) => d.label);
    expect(only('enrolled')).toEqual(['KBH-0010']);
    expect(only('returned')).toEqual(['KBH-0011']);
    expect(countByState(rows)).toMatchObject({ enrolled: 1, returned: 1 });
  });
});
