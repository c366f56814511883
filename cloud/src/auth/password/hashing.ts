import { hash, hashSync, verify } from '@node-rs/argon2';

/**
 * argon2id with the OWASP Password Storage Cheat Sheet minimum: m=19456 KiB (19 MiB), t=2, p=1
 * (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id).
 * @node-rs/argon2's default algorithm is argon2id (RFC 9106 §4 recommends it); the parameters are written out
 * so a library default change cannot weaken them silently. verify() reads them back from the PHC string.
 */
export const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/**
 * Hashed once per process with the same parameters as real hashes. Verifying against it when the account is
 * unknown (or has no password) costs the same as a real check, so response time does not tell an attacker
 * which usernames exist (OWASP Authentication Cheat Sheet, "Authentication and Error Messages").
 */
const DUMMY_HASH = hashSync('screenvisit dummy password for unknown users', ARGON2_OPTIONS);

/**
 * True only for a stored hash that matches. Always runs one argon2 verification, also for `null`.
 * argon2 verification compares the derived keys in constant time.
 */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  const ok = await verify(stored ?? DUMMY_HASH, password).catch(() => false);
  return ok && stored != null;
}
