import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../database.js';
import type { alertTokensTable, scimTokensTable } from '../schema/index.js';
import { hashMatches, sha256Hex } from './secrets.js';

/**
 * One store for the long-lived bearer tokens a municipality hands to another system: the SCIM tokens of its
 * identity provider and the read-only alert tokens of its on-call system. Both tables have the same columns;
 * only the table and the prefix differ. INVARIANTS: the plain token leaves the store once, from `create`; only
 * its SHA-256 is stored (a database leak yields no usable token); a token acts within its municipality only.
 */
export type HashedTokensTable = typeof scimTokensTable | typeof alertTokensTable;

export interface TokenCaller {
  readonly tokenId: string;
  readonly municipalityId: string;
}

export interface HashedTokenView {
  readonly id: string;
  readonly label: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

export interface HashedTokenStore {
  /** The plain token is returned here once. */
  create(
    db: Db,
    input: { municipalityId: string; label: string; createdByStaffId: string | null; now: Date },
  ): Promise<{ id: string; token: string }>;
  /** Labels and dates only, oldest first; the token itself was shown once and is gone. */
  list(db: Db, municipalityId: string): Promise<HashedTokenView[]>;
  /** False when there is no live token of that id in the municipality. */
  revoke(db: Db, municipalityId: string, id: string, now: Date): Promise<boolean>;
  /** `Authorization: Bearer …` (RFC 6750 §2.1) to the municipality the token acts for; null if not a live token of this store. */
  resolve(db: Db, authorization: string | undefined, now: Date): Promise<TokenCaller | null>;
}

/** RFC 6750 §2.1 b64token, bounded so a huge header costs nothing to refuse. */
const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{1,200})$/;

export function hasBearer(authorization: string | undefined): boolean {
  return /^Bearer /i.test(authorization ?? '');
}

/**
 * `prefix` makes a leaked token recognisable to secret scanners and tells one store's token from another's:
 * a token with another store's prefix is not even looked up.
 */
export function hashedTokenStore(table: HashedTokensTable, prefix: `sv${string}_`): HashedTokenStore {
  // Both tables share their column shape; drizzle's builders want one table type, so speak through one.
  const t = table as typeof scimTokensTable;
  return {
    async create(db, input) {
      const token = `${prefix}${randomBytes(32).toString('base64url')}`;
      const [row] = await db
        .insert(t)
        .values({
          municipalityId: input.municipalityId,
          label: input.label,
          tokenHash: sha256Hex(token),
          createdByStaffId: input.createdByStaffId,
          createdAt: input.now,
        })
        .returning({ id: t.id });
      return { id: row!.id, token };
    },

    list(db, municipalityId) {
      return db
        .select({
          id: t.id,
          label: t.label,
          createdAt: t.createdAt,
          lastUsedAt: t.lastUsedAt,
          revokedAt: t.revokedAt,
        })
        .from(t)
        .where(eq(t.municipalityId, municipalityId))
        .orderBy(t.createdAt);
    },

    async revoke(db, municipalityId, id, now) {
      const rows = await db
        .update(t)
        .set({ revokedAt: now })
        .where(and(eq(t.id, id), eq(t.municipalityId, municipalityId), isNull(t.revokedAt)))
        .returning({ id: t.id });
      return rows.length > 0;
    },

    async resolve(db, authorization, now) {
      const match = BEARER.exec(authorization ?? '');
      if (!match?.[1]?.startsWith(prefix)) return null;
      const [row] = await db
        .select({ id: t.id, municipalityId: t.municipalityId, tokenHash: t.tokenHash })
        .from(t)
        .where(and(eq(t.tokenHash, sha256Hex(match[1])), isNull(t.revokedAt)));
      // The lookup is by hash through a unique index, so its timing says nothing about the token; the
      // constant-time compare is there for clarity, not for safety.
      if (!row || !hashMatches(match[1], row.tokenHash)) return null;
      await db.update(t).set({ lastUsedAt: now }).where(eq(t.id, row.id));
      return { tokenId: row.id, municipalityId: row.municipalityId };
    },
  };
}
