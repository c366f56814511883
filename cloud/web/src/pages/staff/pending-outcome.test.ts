import { describe, expect, it } from 'vitest';
import { clearPendingOutcome, loadPendingOutcome, savePendingOutcome } from './pending-outcome.js';

const memory = () => {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
};

describe('the pending outcome kept across a reload', () => {
  it('keeps the slot and the call id, also when a later save knows no call id', () => {
    const store = memory();
    savePendingOutcome('slot-1', undefined, store);
    expect(loadPendingOutcome(store)).toEqual({ slotId: 'slot-1', callId: null });
    savePendingOutcome('slot-1', 'call-1', store);
    savePendingOutcome('slot-1', undefined, store);
    expect(loadPendingOutcome(store)).toEqual({ slotId: 'slot-1', callId: 'call-1' });
    savePendingOutcome('slot-2', undefined, store);
    expect(loadPendingOutcome(store)).toEqual({ slotId: 'slot-2', callId: null });
    clearPendingOutcome(store);
    expect(loadPendingOutcome(store)).toBeNull();
  });

  it('reads nothing from a damaged or foreign value', () => {
    const store = memory();
    store.setItem('sv.staff.pendingOutcome', '{not json');
    expect(loadPendingOutcome(store)).toBeNull();
    store.setItem('sv.staff.pendingOutcome', JSON.stringify({ slotId: '', callId: 3 }));
    expect(loadPendingOutcome(store)).toBeNull();
  });
});
