import { eq } from 'drizzle-orm';
import { type Db, staffUnlockPinsTable } from '../../db/index.js';
import { hashPassword, verifyPassword } from '../password/hashing.js';

/**
 * The unlock PIN's rule (issue 10 §1): 6 to 8 digits, not one digit repeated and not a straight run (123456,
 * 987654), the "commonly used" values NIST SP 800-63B-4 §3.1.1.2 tells verifiers to refuse. It unlocks only
 * a LOCKED session of its own person, and five wrong PINs in a row switch it off until the app's code unlocks.
 */
export function pinProblem(pin: string): string | null {
  if (!/^[0-9]{6,8}$/.test(pin)) return 'The PIN is 6 to 8 digits.';
  if (/^(\d)\1+$/.test(pin)) return 'The PIN must not be one digit repeated.';
  const steps = new Set([...pin].slice(1).map((d, i) => (Number(d) - Number(pin[i]) + 10) % 10));
  if (steps.size === 1 && (steps.has(1) || steps.has(9))) return 'The PIN must not be a run like 123456.';
  return null;
}

export async function hasUnlockPin(db: Db, staffId: string): Promise<boolean> {
  const [row] = await db
    .select({ staffId: staffUnlockPinsTable.staffId })
    .from(staffUnlockPinsTable)
    .where(eq(staffUnlockPinsTable.staffId, staffId));
  return row !== undefined;
}

/** argon2id, the same parameters as passwords (password/hashing.ts). Replaces an earlier PIN. */
export async function setUnlockPin(db: Db, staffId: string, pin: string, now: Date): Promise<void> {
  const pinHash = await hashPassword(pin);
  await db
    .insert(staffUnlockPinsTable)
    .values({ staffId, pinHash, setAt: now })
    .onConflictDoUpdate({ target: staffUnlockPinsTable.staffId, set: { pinHash, setAt: now } });
}

export async function removeUnlockPin(db: Db, staffId: string): Promise<void> {
  await db.delete(staffUnlockPinsTable).where(eq(staffUnlockPinsTable.staffId, staffId));
}

/** Always one argon2 verification (also without a PIN), so timing does not tell whether one is set. */
export async function checkUnlockPin(db: Db, staffId: string, pin: string): Promise<boolean> {
  const [row] = await db
    .select({ pinHash: staffUnlockPinsTable.pinHash })
    .from(staffUnlockPinsTable)
    .where(eq(staffUnlockPinsTable.staffId, staffId));
  return verifyPassword(row?.pinHash, pin);
}
