import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCloudConfig } from '../../kernel/config.js';
import { loadDanishWords } from './danish-words.js';
import { isPasswordExpired, passwordChangeReason } from './max-age.js';
import { createPasswordPolicy } from './policy.js';

const policy = createPasswordPolicy();
const who = { username: 'jonas.nielsen', displayName: 'Jonas Nielsen', extraWords: ['Demo Kommune'] };
const reasons = (pw: string) => {
  const v = policy.check(pw, who);
  return v.ok ? [] : v.reasons;
};

describe('password policy', () => {
  it('accepts long unrelated words, including the seeded demo password', () => {
    expect(reasons('Blaabaer-Stige-Hoejtaler-81')).toEqual([]);
    expect(reasons(loadCloudConfig({}).DEMO_PASSWORD)).toEqual([]);
    // The old default named the municipality ("Demo Kommune") in the password.
    expect(reasons('Skaermbesoeg-demo-2026')).toEqual(['personal']);
    expect(reasons('correct horse battery staple')).toEqual([]);
  });

  it('refuses anything shorter than 12 characters, and longer than 128', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 11, unit: 'grapheme' }), (pw) => {
        fc.pre([...pw.normalize('NFC')].length < 12);
        expect(reasons(pw)).toEqual(['too_short']);
      }),
    );
    expect(reasons('x7Q!'.repeat(33))).toEqual(['too_long']);
  });

  it('refuses common and breached passwords (offline dictionaries)', () => {
    for (const pw of ['Password1234', 'qwertyuiop123', '123456789012', 'iloveyou1234', 'Welcome12345!']) {
      expect(reasons(pw), pw).not.toEqual([]);
    }
  });

  it('refuses common Danish words and passwords', () => {
    for (const pw of [
      'Sommerfugl2024!',
      'kodeord123456',
      'hejsa123hejsa123',
      'København2026!',
      'Mette1234567890',
      'Skaermbesoeg123',
    ]) {
      expect(reasons(pw), pw).not.toEqual([]);
    }
    expect(loadDanishWords()).toEqual(
      expect.arrayContaining(['sommerfugl', 'kodeord', 'hejsa123', 'københavn']),
    );
  });

  it('refuses passwords built from the username or name', () => {
    expect(reasons('jonas.nielsen2026!')).toContain('personal');
    expect(reasons('Xq!NIELSEN-93-zvbw')).toContain('personal');
    expect(reasons('Kommune-Demo-Xq93zvbw')).toContain('personal');
  });
});

describe('password maximum age', () => {
  const now = new Date('2026-03-02T08:00:00Z');
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
  it('expires at the municipality maximum, never when it is off', () => {
    expect(isPasswordExpired(daysAgo(89), 90, now)).toBe(false);
    expect(isPasswordExpired(daysAgo(90), 90, now)).toBe(true);
    expect(isPasswordExpired(daysAgo(5000), null, now)).toBe(false);
  });
  it('calls a password never changed temporary, to be replaced even where expiry is off', () => {
    expect(passwordChangeReason(null, 90, now)).toBe('temporary');
    expect(passwordChangeReason(null, null, now)).toBe('temporary');
    expect(passwordChangeReason(daysAgo(90), 90, now)).toBe('expired');
    expect(passwordChangeReason(daysAgo(89), 90, now)).toBeNull();
    expect(passwordChangeReason(daysAgo(5000), null, now)).toBeNull();
  });
});
