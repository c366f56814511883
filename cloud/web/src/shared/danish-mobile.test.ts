import { describe, expect, it } from 'vitest';
import { isDanishMobile, mobileAsWritten } from './danish-mobile.js';

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

describe('a mobile typed into a field', () => {
  it('is Danish with 8 digits, with or without +45 and spaces, as the cloud takes it', () => {
    for (const typed of ['20 30 40 50', '20304050', '+45 20 30 40 50', '+4520304050'])
      expect(isDanishMobile(typed)).toBe(true);
    for (const typed of ['', '+45', '2030405', '+46 20 30 40 50', '0045 20304050'])
      expect(isDanishMobile(typed)).toBe(false);
  });
});
