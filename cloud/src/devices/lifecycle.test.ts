import { describe, expect, it } from 'vitest';
import { deviceLifecycle } from '../db/index.js';
import {
  acceptsConfig,
  inUseNow,
  LIFECYCLE_TRANSITIONS,
  lifecyclesAccepting,
  mustWipeBeforeLending,
  nextLifecycle,
  returnMark,
} from './lifecycle.js';

describe('the stored loan-device lifecycle', () => {
  it('lends an enrolled device, and keeps a registered one registered until it enrols', () => {
    expect(nextLifecycle('enrolled', 'lend')).toBe('lent');
    expect(nextLifecycle('registered', 'lend')).toBe('registered');
    expect(lifecyclesAccepting('lend').sort()).toEqual(['enrolled', 'registered']);
  });

  it('refuses to lend a device that is lent, being wiped or retired', () => {
    for (const state of ['lent', 'wiping', 'retired'] as const)
      expect(nextLifecycle(state, 'lend')).toBeNull();
  });

  it('takes a lent device back to enrolled and leaves every other state as it was', () => {
    expect(nextLifecycle('lent', 'return')).toBe('enrolled');
    for (const state of ['registered', 'enrolled', 'wiping', 'retired'] as const)
      expect(nextLifecycle(state, 'return')).toBe(state);
  });

  it('wipes from any state but wiping and retired, which take no configuration either', () => {
    for (const state of deviceLifecycle.enumValues) {
      const wipeable = state !== 'wiping' && state !== 'retired';
      expect(nextLifecycle(state, 'wipe')).toBe(wipeable ? 'wiping' : null);
      expect(acceptsConfig(state)).toBe(wipeable);
    }
  });

  it('only ever leads to states the database enum knows', () => {
    const known = new Set<string>(deviceLifecycle.enumValues);
    for (const row of Object.values(LIFECYCLE_TRANSITIONS))
      for (const [from, to] of Object.entries(row))
        expect([known.has(from), known.has(to)]).toEqual([true, true]);
  });

  it('counts a kiosk in use only when it is enrolled or lent, its credential live, not lost or in repair and not taken back', () => {
    const live = { credentialRevokedAt: null, heldAs: null, returnedAt: null };
    expect(inUseNow({ lifecycle: 'enrolled', ...live })).toBe(true);
    expect(inUseNow({ lifecycle: 'lent', ...live })).toBe(true);
    // A wiped box back on the shelf: it takes a new target, and applies it when it is enrolled again.
    expect(inUseNow({ lifecycle: 'registered', ...live })).toBe(false);
    expect(inUseNow({ ...live, lifecycle: 'enrolled', credentialRevokedAt: new Date() })).toBe(false);
    expect(inUseNow({ ...live, lifecycle: 'enrolled', heldAs: 'in_repair' })).toBe(false);
    expect(inUseNow({ ...live, lifecycle: 'lent', heldAs: 'lost' })).toBe(false);
    // Taken back and not wiped: enrolled, credential live, on the shelf waiting for its wipe; nobody hears it.
    expect(inUseNow({ ...live, lifecycle: 'enrolled', returnedAt: new Date() })).toBe(false);
  });

  it('marks a lent kiosk taken back, and lends it to nobody but that citizen until it is wiped', () => {
    const now = new Date('2026-12-07T10:00:00Z');
    // Enrolled and lent: it holds her contacts and config.
    expect(returnMark({ lifecycle: 'lent', citizenId: 'aase' }, now)).toEqual({
      returnedAt: now,
      returnedFromCitizenId: 'aase',
    });
    // Lent before it ever enrolled: nothing of hers on it.
    expect(returnMark({ lifecycle: 'registered', citizenId: 'aase' }, now)).toBeNull();
    const returned = { returnedAt: now, returnedFromCitizenId: 'aase' };
    expect(mustWipeBeforeLending(returned, 'poul')).toBe(true);
    expect(mustWipeBeforeLending(returned, 'aase')).toBe(false);
    // From someone unknown or erased: to nobody.
    expect(mustWipeBeforeLending({ returnedAt: now, returnedFromCitizenId: null }, 'aase')).toBe(true);
    expect(mustWipeBeforeLending({ returnedAt: null, returnedFromCitizenId: null }, 'poul')).toBe(false);
  });
});
