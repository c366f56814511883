import { createHash, randomInt } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { type Db, staffRecoveryCodesTable } from '../../db/index.js';

export const RECOVERY_CODE_COUNT = 10;
/** Crockford base32: no I, L, O or U; a typed O reads as 0 and I/L as 1. 32 symbols × 16 = 80 bits per code. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SYMBOLS = 16;

const normalize = (code: string) =>
  code
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
/** 80 random bits cannot be brute-forced from a hash, so a plain SHA-256 suffices (no slow hash needed). */
const digest = (code: string) => createHash('sha256').update(normalize(code)).digest('hex');

function newCode(): string {
  let raw = '';
  for (let i = 0; i < SYMBOLS; i++) raw += ALPHABET[randomInt(0, 32)];
  return raw.match(/.{4}/g)!.join('-');
}

/** Replaces all of a person's recovery codes with fresh ones; the plain codes are returned once, never stored. */
export async function issueRecoveryCodes(db: Db, staffId: string, now: Date): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  await db.delete(staffRecoveryCodesTable).where(eq(staffRecoveryCodesTable.staffId, staffId));
  await db
    .insert(staffRecoveryCodesTable)
    .values(codes.map((code) => ({ staffId, codeHash: digest(code), createdAt: now })));
  return codes;
}

/** Uses a code up: true once per code (the UPDATE is the single-use check, safe under concurrency). */
export async function consumeRecoveryCode(
  db: Db,
  staffId: string,
  code: string,
  now: Date,
): Promise<boolean> {
  if (normalize(code).length !== SYMBOLS) return false;
  const rows = await db
    .update(staffRecoveryCodesTable)
    .set({ usedAt: now })
    .where(
      and(
        eq(staffRecoveryCodesTable.staffId, staffId),
        eq(staffRecoveryCodesTable.codeHash, digest(code)),
        isNull(staffRecoveryCodesTable.usedAt),
      ),
    )
    .returning({ id: staffRecoveryCodesTable.id });
  return rows.length === 1;
}

export async function unusedRecoveryCodes(db: Db, staffId: string): Promise<number> {
  const rows = await db
    .select({ id: staffRecoveryCodesTable.id })
    .from(staffRecoveryCodesTable)
    .where(and(eq(staffRecoveryCodesTable.staffId, staffId), isNull(staffRecoveryCodesTable.usedAt)));
  return rows.length;
}
