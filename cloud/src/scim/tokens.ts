import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { type Db, scimTokensTable } from '../db/index.js';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
/** A prefix makes a leaked token recognisable to secret scanners. */
const PREFIX = 'svscim_';

/** Used by: POST /api/scim/tokens. The plain token is returned once; only its SHA-256 is stored. */
export async function createScimToken(
  db: Db,
  input: { municipalityId: string; label: string; createdByStaffId: string | null; now: Date },
): Promise<{ id: string; token: string }> {
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  const [row] = await db
    .insert(scimTokensTable)
    .values({
      municipalityId: input.municipalityId,
      label: input.label,
      tokenHash: sha256(token),
      createdByStaffId: input.createdByStaffId,
      createdAt: input.now,
    })
    .returning({ id: scimTokensTable.id });
  return { id: row!.id, token };
}

export async function revokeScimToken(
  db: Db,
  municipalityId: string,
  id: string,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(scimTokensTable)
    .set({ revokedAt: now })
    .where(
      and(
        eq(scimTokensTable.id, id),
        eq(scimTokensTable.municipalityId, municipalityId),
        isNull(scimTokensTable.revokedAt),
      ),
    )
    .returning({ id: scimTokensTable.id });
  return rows.length > 0;
}

export interface ScimCaller {
  readonly tokenId: string;
  readonly municipalityId: string;
}

/** Resolves `Authorization: Bearer …` (RFC 6750 §2.1) to the municipality the token acts for; null if not live. */
export async function resolveScimToken(
  db: Db,
  authorization: string | undefined,
  now: Date,
): Promise<ScimCaller | null> {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,200})$/.exec(authorization ?? '');
  if (!match?.[1]?.startsWith(PREFIX)) return null;
  const hash = sha256(match[1]);
  const [row] = await db
    .select()
    .from(scimTokensTable)
    .where(and(eq(scimTokensTable.tokenHash, hash), isNull(scimTokensTable.revokedAt)));
  // The lookup is by hash (an index), so timing says nothing about the token; compare anyway for clarity.
  if (!row || !timingSafeEqual(Buffer.from(row.tokenHash), Buffer.from(hash))) return null;
  await db.update(scimTokensTable).set({ lastUsedAt: now }).where(eq(scimTokensTable.id, row.id));
  return { tokenId: row.id, municipalityId: row.municipalityId };
}
