import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Enrolment codes are read off a support screen and typed on a kiosk: the alphabet leaves out the
 * look-alikes I, L, O, 0 and 1. 31 symbols x 12 ≈ 59 bits: unguessable within a code's short lifetime.
 * `randomInt` is crypto-random and unbiased.
 */
export const ENROLMENT_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function newEnrolmentCode(): string {
  const groups = [0, 1, 2].map(() =>
    Array.from({ length: 4 }, () => ENROLMENT_ALPHABET[randomInt(ENROLMENT_ALPHABET.length)]).join(''),
  );
  return groups.join('-');
}

/** The device's MQTT password: 32 random bytes, base64url (43 characters). */
export function newDeviceSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * SHA-256, not argon2: these secrets are random with >= 59 bits of entropy, so there is no dictionary to
 * slow down (OWASP Password Storage: slow hashes are for human-chosen passwords).
 */
export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares hashes in constant time, so response timing does not reveal how much of a guess matched. */
export function hashMatches(secret: string, storedHex: string): boolean {
  const given = Buffer.from(sha256Hex(secret), 'hex');
  const stored = Buffer.from(storedHex, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
