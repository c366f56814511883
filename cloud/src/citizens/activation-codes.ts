import { and, eq, gt, inArray, isNotNull, isNull, ne } from 'drizzle-orm';
import {
  type ActivationChannelValue,
  citizenActivationCodesTable,
  citizensTable,
  type Db,
} from '../db/index.js';
import { newEnrolmentCode, sha256Hex } from '../db/repos/secrets.js';

/**
 * Activation codes reuse the device enrolment format (XXXX-XXXX-XXXX, unambiguous alphabet, ~59 bits), and
 * like them are stored only as SHA-256. Lifecycle: created (not yet sent) → sent → used; or invalidated when
 * delivery fails or a newer code is sent. Only a sent, unused, unexpired, non-invalidated code redeems.
 */
export async function createCode(
  db: Db,
  input: {
    citizenId: string;
    municipalityId: string;
    channel: ActivationChannelValue;
    issuedBy: string;
    now: Date;
    ttlMs: number;
  },
): Promise<{ id: string; code: string; expiresAt: Date }> {
  const code = newEnrolmentCode();
  const expiresAt = new Date(input.now.getTime() + input.ttlMs);
  const [row] = await db
    .insert(citizenActivationCodesTable)
    .values({
      citizenId: input.citizenId,
      municipalityId: input.municipalityId,
      codeHash: sha256Hex(code),
      channel: input.channel,
      issuedBy: input.issuedBy,
      createdAt: input.now,
      expiresAt,
    })
    .returning({ id: citizenActivationCodesTable.id });
  return { id: row!.id, code, expiresAt };
}

/**
 * Delivery succeeded: the code becomes redeemable and every older unused code of the citizen stops working
 * ("a new code invalidates older ones"). Older codes are left alone until then, so a failed SMS does not
 * strand a citizen who still holds a valid letter.
 */
export async function markSent(db: Db, codeId: string, citizenId: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(citizenActivationCodesTable)
      .set({ invalidatedAt: now })
      .where(
        and(
          eq(citizenActivationCodesTable.citizenId, citizenId),
          ne(citizenActivationCodesTable.id, codeId),
          isNull(citizenActivationCodesTable.usedAt),
          isNull(citizenActivationCodesTable.invalidatedAt),
        ),
      );
    await tx
      .update(citizenActivationCodesTable)
      .set({ sentAt: now })
      .where(eq(citizenActivationCodesTable.id, codeId));
  });
}

/** Delivery failed: the code never reached anyone, so it must never work. */
export async function markFailed(db: Db, codeId: string, now: Date): Promise<void> {
  await db
    .update(citizenActivationCodesTable)
    .set({ invalidatedAt: now })
    .where(eq(citizenActivationCodesTable.id, codeId));
}

/** People type codes from paper: accept lower case, spaces and missing dashes (as the browser form does). */
export function normaliseCode(input: string): string {
  const chars = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return chars.length === 12 ? `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}` : chars;
}

/**
 * Consumes a code; null when unknown, used, expired, invalidated, unsent or its citizen is disabled (one
 * answer for all, so a guesser learns nothing). One UPDATE checks and consumes, so two browsers racing with
 * the same code cannot both win.
 */
export async function redeemCode(
  db: Db,
  code: string,
  now: Date,
): Promise<{ codeId: string; citizenId: string; municipalityId: string } | null> {
  const [row] = await db
    .update(citizenActivationCodesTable)
    .set({ usedAt: now })
    .where(
      and(
        eq(citizenActivationCodesTable.codeHash, sha256Hex(normaliseCode(code))),
        isNull(citizenActivationCodesTable.usedAt),
        isNull(citizenActivationCodesTable.invalidatedAt),
        isNotNull(citizenActivationCodesTable.sentAt),
        gt(citizenActivationCodesTable.expiresAt, now),
        inArray(
          citizenActivationCodesTable.citizenId,
          db.select({ id: citizensTable.id }).from(citizensTable).where(isNull(citizensTable.disabledAt)),
        ),
      ),
    )
    .returning({
      codeId: citizenActivationCodesTable.id,
      citizenId: citizenActivationCodesTable.citizenId,
      municipalityId: citizenActivationCodesTable.municipalityId,
    });
  return row ?? null;
}
