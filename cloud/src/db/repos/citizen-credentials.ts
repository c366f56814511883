import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../database.js';
import { citizenCredentialSessionsTable, citizenCredentialsTable } from '../schema/index.js';

/**
 * The live credential that started this citizen session (every citizen session is linked to the credential,
 * the bound browser, that started it), or null once that credential is revoked. Here so the citizens feature
 * (logging this browser out) and the push feature (this browser's subscription) share one query without
 * importing each other.
 */
export async function credentialOfSession(db: Db, sessionId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: citizenCredentialsTable.id })
    .from(citizenCredentialSessionsTable)
    .innerJoin(
      citizenCredentialsTable,
      eq(citizenCredentialsTable.id, citizenCredentialSessionsTable.credentialId),
    )
    .where(
      and(eq(citizenCredentialSessionsTable.sessionId, sessionId), isNull(citizenCredentialsTable.revokedAt)),
    );
  return row?.id ?? null;
}
