import { aliasedTable, and, asc, eq, gt, inArray, isNull, notExists } from 'drizzle-orm';
import type { Db } from '../database.js';
import { type NightWatchCallStatus, nightWatchCallsTable } from '../schema/index.js';

/**
 * The rows of a resident's night-watch call, shared by the night-watch runtime (calls/night-watch: create, claim,
 * status) and the care domain's pool admin (missed calls, callback done); here so neither imports the other.
 */

/** Why a call was missed or escalated: the night-watch router's `MissedReason` (calls/night-watch/router-types.ts). */
export type NightWatchMissedReason = 'nobody_on_duty' | 'no_answer' | 'queue_timeout' | 'caller_hung_up';

/** A resident's call to a pool, created when it is placed (before anything rings). */
export async function createNightWatchCall(
  db: Db,
  call: { callId: string; poolUnitId: string; citizenId: string; at: Date },
): Promise<void> {
  await db
    .insert(nightWatchCallsTable)
    .values({ id: call.callId, poolUnitId: call.poolUnitId, citizenId: call.citizenId, placedAt: call.at })
    .onConflictDoNothing();
}

/**
 * The atomic accept. Two staff on two cloud nodes may press "accept" in the same millisecond: PostgreSQL
 * row locking makes the second conditional UPDATE re-check `accepted_by IS NULL` after the first commits
 * (READ COMMITTED, PostgreSQL docs §13.2.1), so exactly one gets the row back. Only the winner may pass
 * member_accepted to its NightWatchRouter; the loser shows "taken".
 */
export async function claimNightWatchCall(
  db: Db,
  claim: { callId: string; staffId: string; at: Date },
): Promise<boolean> {
  const rows = await db
    .update(nightWatchCallsTable)
    .set({ acceptedBy: claim.staffId, acceptedAt: claim.at, status: 'accepted' })
    .where(
      and(
        eq(nightWatchCallsTable.id, claim.callId),
        isNull(nightWatchCallsTable.acceptedBy),
        inArray(nightWatchCallsTable.status, ['ringing', 'queued']),
      ),
    )
    .returning({ id: nightWatchCallsTable.id });
  return rows.length === 1;
}

/** Mirrors queued/ringing/escalated/missed from router effects; never overwrites an accepted call. */
export async function setNightWatchCallStatus(
  db: Db,
  update: {
    callId: string;
    status: Exclude<NightWatchCallStatus, 'accepted'>;
    reason?: NightWatchMissedReason;
    escalatedToPoolUnitId?: string;
  },
): Promise<boolean> {
  const rows = await db
    .update(nightWatchCallsTable)
    .set({
      status: update.status,
      reason: update.reason ?? null,
      escalatedToPoolUnitId: update.escalatedToPoolUnitId ?? null,
    })
    .where(and(eq(nightWatchCallsTable.id, update.callId), isNull(nightWatchCallsTable.acceptedBy)))
    .returning({ id: nightWatchCallsTable.id });
  return rows.length === 1;
}

/** A later call of the same resident, for listMissedCalls. */
const laterCall = aliasedTable(nightWatchCallsTable, 'later_call');

/**
 * The missed-calls list with its callback target (the resident), oldest first, not yet called back, and not
 * answered since: once a member of the pool took a LATER call of hers, she got through, and a callback at
 * night would only wake her (docs/guides/da/nattevagt.md, "Mistede opkald"). Her calls missed after that one
 * stay on the list.
 */
export async function listMissedCalls(db: Db, poolUnitId: string) {
  const answeredSince = db
    .select({ id: laterCall.id })
    .from(laterCall)
    .where(
      and(
        eq(laterCall.poolUnitId, nightWatchCallsTable.poolUnitId),
        eq(laterCall.citizenId, nightWatchCallsTable.citizenId),
        eq(laterCall.status, 'accepted'),
        gt(laterCall.placedAt, nightWatchCallsTable.placedAt),
      ),
    );
  return db
    .select({
      callId: nightWatchCallsTable.id,
      citizenId: nightWatchCallsTable.citizenId,
      placedAt: nightWatchCallsTable.placedAt,
      reason: nightWatchCallsTable.reason,
    })
    .from(nightWatchCallsTable)
    .where(
      and(
        eq(nightWatchCallsTable.poolUnitId, poolUnitId),
        inArray(nightWatchCallsTable.status, ['missed', 'escalated']),
        isNull(nightWatchCallsTable.escalatedToPoolUnitId),
        isNull(nightWatchCallsTable.callbackDoneAt),
        notExists(answeredSince),
      ),
    )
    .orderBy(asc(nightWatchCallsTable.placedAt));
}

/** The callback button: marks it done once (the first staff member to call back). */
export async function markCallbackDone(
  db: Db,
  input: { callId: string; staffId: string; at: Date },
): Promise<boolean> {
  const rows = await db
    .update(nightWatchCallsTable)
    .set({ callbackDoneAt: input.at, callbackBy: input.staffId })
    .where(and(eq(nightWatchCallsTable.id, input.callId), isNull(nightWatchCallsTable.callbackDoneAt)))
    .returning({ id: nightWatchCallsTable.id });
  return rows.length === 1;
}
