import { randomBytes } from 'node:crypto';

/**
 * A one-time password an operator or 2nd line reads aloud once: 20 characters from a 32-letter alphabet without
 * look-alikes, about 100 bits. Stored only as its argon2id hash with no change date, so the first login must
 * replace it (password/max-age.ts says `temporary`, whatever the municipality's maximum age).
 */
export function oneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789A'; // 32: a byte % 32 has no bias
  return [...randomBytes(20)].map((b) => alphabet[b % 32]).join('');
}
