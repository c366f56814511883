import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { alertTokensTable, type Db } from '../db/index.js';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
/** A prefix makes a leaked token recognisable to secret scanners, and tells it from a SCIM token. */
const PREFIX = 'svalert_';

/** Used by: POST /api/alerts/tokens. The plain token is returned once; only its SHA-256 is stored. */
export async function createAlertToken(
  db: Db,
  input: { municipalityId: string; label: string; createdByStaffId: string | null; now: Date },
): Promise<{ id: string; token: string }> {
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  const [row] = await db
    .insert(alertTokensTable)
    .values({
      municipalityId: input.municipalityId,
      label: input.label,
      tokenHash: sha256(token),
      createdByStaffId: input.createdByStaffId,
      createdAt: input.now,
    })
    .returning({ id: alertTokensTable.id });
  return { id: row!.id, token };
}

/** Used by: GET /api/alerts/tokens. Labels and dates only; the token itself was shown once and is gone. */
export async function listAlertTokens(db: Db, municipalityId: string) {
  return db
    .select({
      id: alertTokensTable.id,
      label: alertTokensTable.label,
      createdAt: alertTokensTable.createdAt,
      lastUsedAt: alertTokensTable.lastUsedAt,
      revokedAt: alertTokensTable.revokedAt,
    })
    .from(alertTokensTable)
    .where(eq(alertTokensTable.municipalityId, municipalityId))
    .orderBy(alertTokensTable.createdAt);
}

/** Used by: POST /api/alerts/tokens/{id}/revoke. False when there is no live token of that id here. */
export async function revokeAlertToken(
  db: Db,
  municipalityId: string,
  id: string,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(alertTokensTable)
    .set({ revokedAt: now })
    .where(
      and(
        eq(alertTokensTable.id, id),
        eq(alertTokensTable.municipalityId, municipalityId),
        isNull(alertTokensTable.revokedAt),
      ),
    )
    .returning({ id: alertTokensTable.id });
  return rows.length > 0;
}

/**
 * `Authorization: Bearer svalert_…` (RFC 6750 §2.1) to the municipality whose alerts it may read; null when it
 * is not a live alert token. The lookup is by hash through a unique index, so its timing says nothing about
 * the token.
 */
export async function resolveAlertToken(
  db: Db,
  authorization: string | undefined,
  now: Date,
): Promise<{ tokenId: string; municipalityId: string } | null> {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,200})$/.exec(authorization ?? '');
  if (!match?.[1]?.startsWith(PREFIX)) return null;
  const [row] = await db
    .select({ id: alertTokensTable.id, municipalityId: alertTokensTable.municipalityId })
    .from(alertTokensTable)
    .where(and(eq(alertTokensTable.tokenHash, sha256(match[1])), isNull(alertTokensTable.revokedAt)));
  if (!row) return null;
  await db.update(alertTokensTable).set({ lastUsedAt: now }).where(eq(alertTokensTable.id, row.id));
  return { tokenId: row.id, municipalityId: row.municipalityId };
}

export function hasBearer(authorization: string | undefined): boolean {
  return /^Bearer /i.test(authorization ?? '');
}
