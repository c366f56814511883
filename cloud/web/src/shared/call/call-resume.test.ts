import { describe, expect, it } from 'vitest';
import { loadCall, loadResumeToken, type ResumeStore, saveCall, saveResumeToken } from './call-resume.js';

const memory = (): ResumeStore & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
};

describe('call kept across a page reload', () => {
  it('keeps the resume token and the running call, and forgets the call when it ends', () => {
    const store = memory();
    saveResumeToken(store, 'tok');
    saveCall(store, { callId: 'c1', role: 'callee', name: 'Mette' });
    expect(loadResumeToken(store)).toBe('tok');
    expect(loadCall(store)).toEqual({ callId: 'c1', role: 'callee', name: 'Mette' });
    saveCall(store, null);
    expect(loadCall(store)).toBeNull();
  });

  it('ignores what it cannot read: garbage, a wrong role, a refusing storage', () => {
    const store = memory();
    store.data.set('sv.call.current', '{not json');
    expect(loadCall(store)).toBeNull();
    store.data.set('sv.call.current', JSON.stringify({ callId: 'c', role: 'boss', name: 'x' }));
    expect(loadCall(store)).toBeNull();
    const refusing: ResumeStore = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    expect(loadCall(refusing)).toBeNull();
    expect(loadResumeToken(refusing)).toBeUndefined();
    expect(() => saveResumeToken(refusing, 't')).not.toThrow();
    expect(loadCall(undefined)).toBeNull();
  });
});
