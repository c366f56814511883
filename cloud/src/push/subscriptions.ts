import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { citizenCredentialsTable, type Db, pushSubscriptionsTable } from '../db/index.js';

const base64url = z.string().regex(/^[A-Za-z0-9_-]+={0,2}$/, 'expected base64url');

/** A push service URL: https only (RFC 8030 §8 requires TLS; web-push speaks nothing else). */
const PushEndpoint = z.url({ protocol: /^https$/ }).max(2048);

/** The W3C Push API `PushSubscription.toJSON()` the citizen page sends. */
export const SubscriptionBody = z.object({
  endpoint: PushEndpoint,
  keys: z.object({
    // RFC 8291 §3.1: an uncompressed P-256 point (65 bytes → 87 base64url chars) and a 16-byte secret.
    p256dh: base64url.min(86).max(90),
    auth: base64url.min(21).max(24),
  }),
});
export type SubscriptionBody = z.infer<typeof SubscriptionBody>;

export interface StoredSubscription {
  readonly id: string;
  readonly endpoint: string;
  readonly keys: { p256dh: string; auth: string };
}

/** Saves (or moves to this credential) the browser's subscription; the endpoint is unique per browser. */
export async function saveSubscription(db: Db, credentialId: string, s: SubscriptionBody, now: Date) {
  await db
    .insert(pushSubscriptionsTable)
    .values({ credentialId, endpoint: s.endpoint, p256dh: s.keys.p256dh, auth: s.keys.auth, createdAt: now })
    .onConflictDoUpdate({
      target: pushSubscriptionsTable.endpoint,
      set: { credentialId, p256dh: s.keys.p256dh, auth: s.keys.auth, createdAt: now },
    });
}

export async function deleteSubscription(db: Db, credentialId: string, endpoint: string): Promise<boolean> {
  const gone = await db
    .delete(pushSubscriptionsTable)
    .where(
      and(
        eq(pushSubscriptionsTable.credentialId, credentialId),
        eq(pushSubscriptionsTable.endpoint, endpoint),
      ),
    )
    .returning({ id: pushSubscriptionsTable.id });
  return gone.length > 0;
}

export async function deleteSubscriptionById(db: Db, id: string): Promise<void> {
  await db.delete(pushSubscriptionsTable).where(eq(pushSubscriptionsTable.id, id));
}

/**
 * The live subscriptions of a citizen: only those of credentials that are not revoked. Subscriptions of
 * revoked credentials are deleted on the way, so a revoked phone is never woken again.
 */
export async function subscriptionsOfCitizen(db: Db, citizenId: string): Promise<StoredSubscription[]> {
  const revoked = db
    .select({ id: citizenCredentialsTable.id })
    .from(citizenCredentialsTable)
    .where(
      and(eq(citizenCredentialsTable.citizenId, citizenId), isNotNull(citizenCredentialsTable.revokedAt)),
    );
  await db.delete(pushSubscriptionsTable).where(inArray(pushSubscriptionsTable.credentialId, revoked));
  const rows = await db
    .select({
      id: pushSubscriptionsTable.id,
      endpoint: pushSubscriptionsTable.endpoint,
      p256dh: pushSubscriptionsTable.p256dh,
      auth: pushSubscriptionsTable.auth,
    })
    .from(pushSubscriptionsTable)
    .innerJoin(citizenCredentialsTable, eq(citizenCredentialsTable.id, pushSubscriptionsTable.credentialId))
    .where(and(eq(citizenCredentialsTable.citizenId, citizenId), isNull(citizenCredentialsTable.revokedAt)));
  return rows.map((r) => ({ id: r.id, endpoint: r.endpoint, keys: { p256dh: r.p256dh, auth: r.auth } }));
}
