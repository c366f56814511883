import { randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import {
  citizenCredentialSessionsTable,
  citizenCredentialsTable,
  citizensTable,
  type Db,
  pushSubscriptionsTable,
  sessionsTable,
} from '../db/index.js';
import { sha256Hex } from '../db/repos/secrets.js';

export type CredentialRow = typeof citizenCredentialsTable.$inferSelect;

/** 32 random bytes: unguessable, so SHA-256 (not argon2) is the right storage hash. */
export async function createCredential(
  db: Db,
  input: { citizenId: string; municipalityId: string; activationCodeId: string; label: string; now: Date },
): Promise<{ id: string; token: string }> {
  const token = randomBytes(32).toString('base64url');
  const [row] = await db
    .insert(citizenCredentialsTable)
    .values({
      citizenId: input.citizenId,
      municipalityId: input.municipalityId,
      tokenHash: sha256Hex(token),
      label: input.label,
      activationCodeId: input.activationCodeId,
      createdAt: input.now,
      lastUsedAt: input.now,
    })
    .returning({ id: citizenCredentialsTable.id });
  return { id: row!.id, token };
}

/** A live credential of an enabled citizen, or undefined. */
export async function findCredential(db: Db, token: string) {
  const [row] = await db
    .select({ credential: citizenCredentialsTable, citizenDisabledAt: citizensTable.disabledAt })
    .from(citizenCredentialsTable)
    .innerJoin(citizensTable, eq(citizensTable.id, citizenCredentialsTable.citizenId))
    .where(
      and(eq(citizenCredentialsTable.tokenHash, sha256Hex(token)), isNull(citizenCredentialsTable.revokedAt)),
    );
  if (!row || row.citizenDisabledAt !== null) return undefined;
  return row.credential;
}

export async function touchCredential(db: Db, id: string, now: Date): Promise<void> {
  await db.update(citizenCredentialsTable).set({ lastUsedAt: now }).where(eq(citizenCredentialsTable.id, id));
}

export async function linkSession(db: Db, credentialId: string, sessionId: string): Promise<void> {
  await db.insert(citizenCredentialSessionsTable).values({ credentialId, sessionId });
}

export async function listCredentials(db: Db, citizenId: string): Promise<CredentialRow[]> {
  return db
    .select()
    .from(citizenCredentialsTable)
    .where(eq(citizenCredentialsTable.citizenId, citizenId))
    .orderBy(desc(citizenCredentialsTable.createdAt));
}

/**
 * Revokes one credential of the citizen, ends every session it started and forgets the browser's push
 * subscriptions, in one transaction: the session middleware sees `revoked_at` on the very next request, and
 * no push wakes that browser again. Returns the ended sessions (whose signalling sockets the caller closes),
 * or null when there is no such live credential. `reason`: the sessions' revoked reason ('logout' when the
 * citizen logged this browser out herself).
 */
export async function revokeCredential(
  db: Db,
  citizenId: string,
  credentialId: string,
  now: Date,
  reason: 'credential_revoked' | 'logout' = 'credential_revoked',
): Promise<{ sessionsEnded: number; sessionIds: string[] } | null> {
  return db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(citizenCredentialsTable)
      .set({ revokedAt: now })
      .where(
        and(
          eq(citizenCredentialsTable.id, credentialId),
          eq(citizenCredentialsTable.citizenId, citizenId),
          isNull(citizenCredentialsTable.revokedAt),
        ),
      )
      .returning({ id: citizenCredentialsTable.id });
    if (!revoked) return null;
    await tx.delete(pushSubscriptionsTable).where(eq(pushSubscriptionsTable.credentialId, credentialId));
    const ended = await tx
      .update(sessionsTable)
      .set({ revokedAt: now, revokedReason: reason })
      .where(
        and(
          isNull(sessionsTable.revokedAt),
          inArray(
            sessionsTable.id,
            tx
              .select({ id: citizenCredentialSessionsTable.sessionId })
              .from(citizenCredentialSessionsTable)
              .where(eq(citizenCredentialSessionsTable.credentialId, credentialId)),
          ),
        ),
      )
      .returning({ id: sessionsTable.id });
    return { sessionsEnded: ended.length, sessionIds: ended.map((e) => e.id) };
  });
}
