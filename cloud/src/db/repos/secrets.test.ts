import { EnrolmentCode } from '@screenvisit/protocol';
import { describe, expect, it } from 'vitest';
import { ENROLMENT_ALPHABET, hashMatches, newDeviceSecret, newEnrolmentCode, sha256Hex } from './secrets.js';

describe('device secrets', () => {
  it('makes enrolment codes in the XXXX-XXXX-XXXX shape, without look-alike characters', () => {
    const codes = Array.from({ length: 500 }, newEnrolmentCode);
    for (const code of codes) {
      expect(EnrolmentCode.parse(code)).toBe(code);
      expect(code).not.toMatch(/[ILO01]/);
    }
    expect(new Set(codes).size).toBe(codes.length);
    // Over 500 codes (6000 symbols) every one of the 31 symbols turns up: no symbol is starved.
    expect(new Set(codes.join('').replaceAll('-', '')).size).toBe(ENROLMENT_ALPHABET.length);
  });

  it('makes a 32-byte base64url MQTT password that fits the enrol response', () => {
    const secret = newDeviceSecret();
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('matches a secret only against its own hash', () => {
    const secret = newDeviceSecret();
    expect(hashMatches(secret, sha256Hex(secret))).toBe(true);
    expect(hashMatches(`${secret}x`, sha256Hex(secret))).toBe(false);
    expect(hashMatches(secret, 'not-hex')).toBe(false);
  });
});
