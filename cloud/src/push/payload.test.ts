import { describe, expect, it } from 'vitest';
import { CallPush, callPush, callPushTitle, GENERIC_TITLE } from './payload.js';

describe('call push payload', () => {
  it('shows only the generic line when the municipality chose generic', () => {
    expect(callPushTitle('generic', 'Mette Hjemmepleje')).toBe(GENERIC_TITLE);
  });

  it('shows the first name only, never the surname', () => {
    const title = callPushTitle('first_name', '  Mette   Hjemmepleje Jensen ');
    expect(title).toBe('Videoopkald fra Mette');
    expect(title).not.toContain('Jensen');
  });

  it('falls back to the generic line for an empty name', () => {
    expect(callPushTitle('first_name', '   ')).toBe(GENERIC_TITLE);
  });

  it('carries the call id, the title and the ring deadline and no other field', () => {
    const p = callPush({
      lockScreen: 'first_name',
      callId: '0b8a6c1e-4c7f-4a53-9d55-2f7c6e0a1b2c',
      callerDisplayName: 'Ali Hansen',
      ringsUntil: 1_000,
    });
    expect(Object.keys(p).sort()).toEqual(['callId', 'ringsUntil', 'title', 'type']);
    expect(CallPush.parse(p)).toEqual(p);
  });
});
