import { and, eq } from 'drizzle-orm';
import { type Db, type WebauthnPurpose, webauthnChallengesTable } from '../../db/index.js';

/**
 * How long an issued challenge may be answered. Short, but longer than the ceremony timeout we ask browsers
 * for (CEREMONY_TIMEOUT_MS) so a slow but honest user is not refused by us before the browser gives up.
 */
export const CHALLENGE_TTL_MS = 3 * 60_000;
export const CEREMONY_TIMEOUT_MS = 2 * 60_000;

/** Remember the challenge for this session and purpose, replacing any earlier one (only the newest counts). */
export async function storeChallenge(
  db: Db,
  input: { sessionId: string; purpose: WebauthnPurpose; challenge: string; now: Date },
): Promise<void> {
  const expiresAt = new Date(input.now.getTime() + CHALLENGE_TTL_MS);
  await db
    .insert(webauthnChallengesTable)
    .values({ sessionId: input.sessionId, purpose: input.purpose, challenge: input.challenge, expiresAt })
    .onConflictDoUpdate({
      target: [webauthnChallengesTable.sessionId, webauthnChallengesTable.purpose],
      set: { challenge: input.challenge, expiresAt },
    });
}

/**
 * Take the session's challenge out of the store: one DELETE … RETURNING, so of two concurrent verifications
 * only one gets it, and a failed attempt burns it too (single use, WebAuthn §13.4.3). null when there is
 * none or it expired.
 */
export async function consumeChallenge(
  db: Db,
  input: { sessionId: string; purpose: WebauthnPurpose; now: Date },
): Promise<string | null> {
  const [row] = await db
    .delete(webauthnChallengesTable)
    .where(
      and(
        eq(webauthnChallengesTable.sessionId, input.sessionId),
        eq(webauthnChallengesTable.purpose, input.purpose),
      ),
    )
    .returning({
      challenge: webauthnChallengesTable.challenge,
      expiresAt: webauthnChallengesTable.expiresAt,
    });
  if (!row || row.expiresAt <= input.now) return null;
  return row.challenge;
}
