import { describe, expect, it } from 'vitest';
import { danishMobile } from './danish-mobile.js';

describe('a Danish mobile as people write it', () => {
  it('takes 8 digits with or without +45 and spaces, in the gateway format', () => {
    for (const typed of ['20304050', '20 30 40 50', '+4520304050', '+45 20 30 40 50', ' 2030 4050 '])
      expect(danishMobile(typed)).toBe('+4520304050');
  });

  it('refuses what is not one: too short or long, another country, letters, 0045', () => {
    for (const typed of ['', '2030405', '203040501', '+4620304050', '2030 40 5O', '004520304050'])
      expect(danishMobile(typed)).toBeNull();
  });
});
