import { z } from 'zod';
import { callRecordsTable, type Db } from '../../db/index.js';

/**
 * What the call router writes when a call ends: ids, times and the end reason, never content. Statistics and
 * "longest idle" (night-watch/duty.ts) read it.
 */
const Kind = z.enum(['staff', 'citizen', 'device', 'pool', 'unit']);
export const CallRecord = z
  .object({
    callId: z.uuid(),
    municipalityId: z.uuid(),
    callerKind: Kind,
    callerId: z.uuid(),
    calleeKind: Kind,
    calleeId: z.uuid(),
    answeredByStaffId: z.uuid().nullable().default(null),
    slotId: z.uuid().nullable().default(null),
    autoAnswered: z.boolean().default(false),
    ringAt: z.date(),
    answerAt: z.date().nullable().default(null),
    /** Both sides reached in_call (offer and answer exchanged); null: the call never connected (issue 13). */
    connectedAt: z.date().nullable().default(null),
    endAt: z.date().nullable().default(null),
    endReason: z
      // protocol EndReason, plus `unreachable`: a citizen's call to her team that rang nobody (calls/records.ts).
      .enum([
        'hung_up',
        'declined',
        'no_answer',
        'taken_by_another',
        'permission_revoked',
        'failed',
        'unreachable',
      ])
      .nullable()
      .default(null),
  })
  .strict()
  .refine((r) => !r.answerAt || r.answerAt >= r.ringAt, {
    message: 'answerAt before ringAt',
    path: ['answerAt'],
  })
  .refine((r) => !r.connectedAt || (r.answerAt !== null && r.connectedAt >= r.answerAt), {
    message: 'connectedAt without or before answerAt',
    path: ['connectedAt'],
  })
  .refine((r) => !r.endAt || r.endAt >= (r.answerAt ?? r.ringAt), {
    message: 'endAt too early',
    path: ['endAt'],
  });

/** Idempotent by callId: a retried write after a crash leaves one row. */
export async function recordCall(db: Db, input: z.input<typeof CallRecord>): Promise<void> {
  const record = CallRecord.parse(input);
  await db.insert(callRecordsTable).values(record).onConflictDoNothing();
}
