import { describe, expect, it } from 'vitest';
import { mobileAsWritten } from './danish-mobile.js';

describe('a stored alert mobile shown in a field', () => {
  it('reads a Danish mobile in pairs, as the hint asks it written', () => {
    expect(mobileAsWritten('+4520304050')).toBe('20 30 40 50');
  });
  it('leaves anything else as it is, and nothing as nothing', () => {
    expect(mobileAsWritten('+46701234567')).toBe('+46701234567');
    expect(mobileAsWritten('+452030405')).toBe('+452030405');
    expect(mobileAsWritten(null)).toBeNull();
  });
});
