import { describe, expect, it } from 'vitest';
import type { CallPhase } from '../../shared/call/call-phase.js';
import {
  callTimeDuration,
  connectedSince,
  formatCallTime,
  loadConnected,
  saveConnected,
} from './call-timer.js';

const AT = Date.parse('2026-12-07T09:00:00Z');
const active = (callId: string): CallPhase => ({ kind: 'active', callId, name: 'Else Mortensen' });

const memory = () => {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
};

describe('the call time on the staff call screen', () => {
  it('starts when the call is connected, not while it rings or connects', () => {
    expect(connectedSince(null, { kind: 'outgoing', callId: 'c1', name: 'Else' }, null, AT)).toBeNull();
    expect(connectedSince(null, active('c1'), 'preparing', AT)).toBeNull();
    expect(connectedSince(null, active('c1'), 'connecting', AT + 2_000)).toBeNull();
    expect(connectedSince(null, active('c1'), 'connected', AT + 3_000)).toEqual({
      callId: 'c1',
      at: AT + 3_000,
    });
  });

  it('keeps counting from the first connection through a bad connection and a reload of the same call', () => {
    const since = { callId: 'c1', at: AT };
    expect(connectedSince(since, active('c1'), 'reconnecting', AT + 60_000)).toBe(since);
    // After a reload the resumed call is connecting again: its time goes on from the kept start.
    expect(connectedSince(since, active('c1'), 'connecting', AT + 90_000)).toBe(since);
  });

  it('starts again for the next call, and shows nothing once the call has ended', () => {
    const since = { callId: 'c1', at: AT };
    expect(connectedSince(since, active('c2'), 'connected', AT + 600_000)).toEqual({
      callId: 'c2',
      at: AT + 600_000,
    });
    expect(connectedSince(since, { kind: 'ended', reason: 'hung_up', name: 'Else' }, null, AT)).toBeNull();
  });

  it('reads as minutes and seconds, and hours past the first hour', () => {
    expect(formatCallTime(0)).toBe('00:00');
    expect(formatCallTime(999)).toBe('00:00');
    expect(formatCallTime(65_000)).toBe('01:05');
    expect(formatCallTime(30 * 60_000)).toBe('30:00');
    expect(formatCallTime(3_725_000)).toBe('1:02:05');
    expect(formatCallTime(-5_000)).toBe('00:00');
    expect(callTimeDuration(205_400)).toBe('PT3M25S');
  });

  it('is kept across a reload of the tab, and nothing is read from a damaged value', () => {
    const store = memory();
    saveConnected({ callId: 'c1', at: AT }, store);
    expect(loadConnected(store)).toEqual({ callId: 'c1', at: AT });
    store.setItem('sv.staff.callConnected', '{not json');
    expect(loadConnected(store)).toBeNull();
    store.setItem('sv.staff.callConnected', JSON.stringify({ callId: '', at: 'soon' }));
    expect(loadConnected(store)).toBeNull();
    saveConnected(null, store);
    expect(loadConnected(store)).toBeNull();
  });
});
