import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import { type Db, type SsoLoginAttemptRow, ssoLoginAttemptsTable } from '../../db/index.js';

/** Long enough to type a password and approve an MFA prompt; short enough that a leaked link goes stale. */
export const SSO_ATTEMPT_MS = 10 * 60 * 1000;

const hashHandle = (handle: string) => createHash('sha256').update(handle).digest('hex');

export async function createLoginAttempt(
  db: Db,
  input: {
    municipalityId: string;
    providerId: string;
    state: string;
    nonce: string;
    codeVerifier: string;
    redirectUri: string;
    now: Date;
  },
): Promise<{ handle: string }> {
  const handle = randomBytes(32).toString('base64url');
  const { now, ...rest } = input;
  await db.insert(ssoLoginAttemptsTable).values({
    ...rest,
    handleHash: hashHandle(handle),
    createdAt: now,
    expiresAt: new Date(now.getTime() + SSO_ATTEMPT_MS),
  });
  return { handle };
}

/**
 * Takes the attempt for exactly one callback: a single UPDATE … WHERE consumed_at IS NULL, so two concurrent
 * callbacks (or a replayed one) cannot both win. null when unknown, used or expired.
 */
export async function consumeLoginAttempt(
  db: Db,
  handle: string,
  now: Date,
): Promise<SsoLoginAttemptRow | null> {
  const [row] = await db
    .update(ssoLoginAttemptsTable)
    .set({ consumedAt: now })
    .where(
      and(
        eq(ssoLoginAttemptsTable.handleHash, hashHandle(handle)),
        isNull(ssoLoginAttemptsTable.consumedAt),
        gt(ssoLoginAttemptsTable.expiresAt, now),
      ),
    )
    .returning();
  return row ?? null;
}

/** Housekeeping on each start, so abandoned logins do not pile up. */
export async function purgeExpiredLoginAttempts(db: Db, now: Date): Promise<void> {
  await db.delete(ssoLoginAttemptsTable).where(lt(ssoLoginAttemptsTable.expiresAt, now));
}
