import { and, desc, eq } from 'drizzle-orm';
import { activationOutboxTable, type Db } from '../db/index.js';
import { digitalPostText, smsText } from './messages.js';
import type { ChannelAdapter } from './types.js';

/**
 * Dev/demo delivery: writes the message a real adapter would send into `activation_outbox`, so support can
 * read it in the demo. The recipient (phone, Digital Post reference) is dropped here, like everywhere.
 */
export function createActivationOutbox(
  db: Db,
  publicUrl: string,
): ChannelAdapter<'sms'> & ChannelAdapter<'digital_post'> {
  return {
    async send(request) {
      const body =
        request.channel === 'sms'
          ? smsText(request.code, request.expiresAt, publicUrl, request.helpPhone)
          : digitalPostText(request.code, request.expiresAt, publicUrl, request.helpPhone);
      const [row] = await db
        .insert(activationOutboxTable)
        .values({
          municipalityId: request.municipalityId,
          citizenId: request.citizenId,
          channel: request.channel,
          body,
        })
        .returning({ id: activationOutboxTable.id });
      return { via: 'outbox', providerRef: row!.id, document: null };
    },
  };
}

/** Used by: GET /api/activation-outbox (support, demo). Newest first, one municipality only. */
export async function listOutbox(db: Db, municipalityId: string, citizenId?: string) {
  return db
    .select()
    .from(activationOutboxTable)
    .where(
      and(
        eq(activationOutboxTable.municipalityId, municipalityId),
        citizenId === undefined ? undefined : eq(activationOutboxTable.citizenId, citizenId),
      ),
    )
    .orderBy(desc(activationOutboxTable.createdAt))
    .limit(50);
}
