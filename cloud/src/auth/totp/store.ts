import { and, eq, isNotNull, isNull, lt, or } from 'drizzle-orm';
import { type Db, staffTotpTable } from '../../db/index.js';
import { open, seal } from '../../kernel/secrets/secret-box.js';

/** An enrolment must be confirmed within this time, or it is started again. */
export const PENDING_ENROLMENT_MS = 10 * 60_000;

const context = (staffId: string) => `staff-totp:${staffId}`;

export async function savePendingSecret(db: Db, key: Buffer, staffId: string, secret: string, now: Date) {
  const sealed = seal(key, secret, context(staffId));
  await db
    .insert(staffTotpTable)
    .values({ staffId, pendingSecretEnc: sealed, pendingCreatedAt: now })
    .onConflictDoUpdate({
      target: staffTotpTable.staffId,
      set: { pendingSecretEnc: sealed, pendingCreatedAt: now },
    });
}

export async function readTotp(db: Db, key: Buffer, staffId: string, now: Date) {
  const [row] = await db.select().from(staffTotpTable).where(eq(staffTotpTable.staffId, staffId));
  if (!row) return { confirmed: null, pending: null };
  const pendingFresh =
    row.pendingSecretEnc &&
    row.pendingCreatedAt &&
    now.getTime() - row.pendingCreatedAt.getTime() < PENDING_ENROLMENT_MS;
  return {
    confirmed:
      row.secretEnc && row.confirmedAt
        ? { secret: open(key, row.secretEnc, context(staffId)), lastUsedStep: row.lastUsedStep }
        : null,
    pending: pendingFresh ? { secret: open(key, row.pendingSecretEnc!, context(staffId)) } : null,
  };
}

/** Makes the pending secret the active one; `step` (the confirming code's) counts as used. */
export async function confirmPending(db: Db, staffId: string, step: number, now: Date): Promise<boolean> {
  const [row] = await db.select().from(staffTotpTable).where(eq(staffTotpTable.staffId, staffId));
  if (!row?.pendingSecretEnc) return false;
  const updated = await db
    .update(staffTotpTable)
    .set({
      secretEnc: row.pendingSecretEnc,
      confirmedAt: now,
      lastUsedStep: step,
      pendingSecretEnc: null,
      pendingCreatedAt: null,
    })
    .where(
      and(eq(staffTotpTable.staffId, staffId), eq(staffTotpTable.pendingSecretEnc, row.pendingSecretEnc)),
    )
    .returning({ staffId: staffTotpTable.staffId });
  return updated.length === 1;
}

/**
 * Records `step` as used, only if it is newer than the last one: of two concurrent requests with the same code,
 * exactly one wins (compare-and-set in one UPDATE).
 */
export async function markStepUsed(db: Db, staffId: string, step: number): Promise<boolean> {
  const updated = await db
    .update(staffTotpTable)
    .set({ lastUsedStep: step })
    .where(
      and(
        eq(staffTotpTable.staffId, staffId),
        isNotNull(staffTotpTable.confirmedAt),
        or(isNull(staffTotpTable.lastUsedStep), lt(staffTotpTable.lastUsedStep, step)),
      ),
    )
    .returning({ staffId: staffTotpTable.staffId });
  return updated.length === 1;
}

export async function removeTotp(db: Db, staffId: string): Promise<boolean> {
  const rows = await db
    .delete(staffTotpTable)
    .where(eq(staffTotpTable.staffId, staffId))
    .returning({ staffId: staffTotpTable.staffId });
  return rows.length > 0;
}
