import { randomBytes } from 'node:crypto';

/**
 * What a one-time password is made of: small letters and digits without look-alikes (no i, l, o, 0, 1), and no
 * capital letters, so support reading it aloud on the phone never has to say "capital A" (an "a" and an "A" were
 * both in it before). 31 characters.
 */
export const ONE_TIME_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const LENGTH = 20;
/** The largest multiple of 31 a byte can hold: bytes at or above it are drawn again, so no character is favoured. */
const FAIR_BELOW = 256 - (256 % ONE_TIME_ALPHABET.length);

/**
 * A one-time password an operator, 2nd line or support reads aloud once: 20 characters from ONE_TIME_ALPHABET,
 * about 99 bits. Stored only as its argon2id hash with no change date, so the first login must replace it
 * (password/max-age.ts says `temporary`, whatever the municipality's maximum age).
 */
export function oneTimePassword(): string {
  let password = '';
  while (password.length < LENGTH) {
    for (const b of randomBytes(LENGTH)) {
      if (b < FAIR_BELOW && password.length < LENGTH)
        password += ONE_TIME_ALPHABET[b % ONE_TIME_ALPHABET.length];
    }
  }
  return password;
}
