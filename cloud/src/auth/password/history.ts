import { and, desc, eq, notInArray } from 'drizzle-orm';
import { type Db, staffPasswordHistoryTable } from '../../db/index.js';
import { verifyPassword } from './hashing.js';

/** The customer's rule: a new password may not be any of the last 5 (the current one included). */
export const PASSWORD_HISTORY_DEPTH = 5;

/** Compares against the argon2 hashes of the current and recent passwords (each check is one argon2 verify). */
export async function isRecentlyUsed(
  db: Db,
  staffId: string,
  currentHash: string | null,
  candidate: string,
): Promise<boolean> {
  const rows = await db
    .select({ hash: staffPasswordHistoryTable.passwordHash })
    .from(staffPasswordHistoryTable)
    .where(eq(staffPasswordHistoryTable.staffId, staffId))
    .orderBy(desc(staffPasswordHistoryTable.createdAt))
    .limit(PASSWORD_HISTORY_DEPTH);
  const hashes = new Set([...(currentHash ? [currentHash] : []), ...rows.map((r) => r.hash)]);
  for (const hash of [...hashes].slice(0, PASSWORD_HISTORY_DEPTH)) {
    if (await verifyPassword(hash, candidate)) return true;
  }
  return false;
}

/**
 * Records a newly set password (and the one it replaces, if the history does not have it yet: seeded or
 * imported accounts start without history), then forgets all but the newest PASSWORD_HISTORY_DEPTH.
 */
export async function rememberPassword(
  db: Db,
  staffId: string,
  change: { previousHash: string | null; nextHash: string; now: Date },
): Promise<void> {
  const [newest] = await db
    .select({ hash: staffPasswordHistoryTable.passwordHash })
    .from(staffPasswordHistoryTable)
    .where(eq(staffPasswordHistoryTable.staffId, staffId))
    .orderBy(desc(staffPasswordHistoryTable.createdAt))
    .limit(1);
  if (change.previousHash && newest?.hash !== change.previousHash) {
    await db.insert(staffPasswordHistoryTable).values({
      staffId,
      passwordHash: change.previousHash,
      createdAt: new Date(change.now.getTime() - 1),
    });
  }
  await db
    .insert(staffPasswordHistoryTable)
    .values({ staffId, passwordHash: change.nextHash, createdAt: change.now });
  const keep = await db
    .select({ id: staffPasswordHistoryTable.id })
    .from(staffPasswordHistoryTable)
    .where(eq(staffPasswordHistoryTable.staffId, staffId))
    .orderBy(desc(staffPasswordHistoryTable.createdAt))
    .limit(PASSWORD_HISTORY_DEPTH);
  await db.delete(staffPasswordHistoryTable).where(
    and(
      eq(staffPasswordHistoryTable.staffId, staffId),
      notInArray(
        staffPasswordHistoryTable.id,
        keep.map((k) => k.id),
      ),
    ),
  );
}
