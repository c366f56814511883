import type { Clock, EndReason } from '@screenvisit/protocol';
import { recordCall } from '../care/index.js';
import type { Db } from '../db/index.js';
import type { Logger } from '../kernel/logger.js';
import type { LiveCall } from './types.js';

/**
 * The call record (issue 5 §5): times, outcome and internal ids, never content. Written once when the call
 * ends (recordCall is idempotent by call id). A kiosk caller is recorded as its citizen.
 */
export function writeCallRecord(
  ctx: { readonly db: Db; readonly log: Logger; readonly clock: Clock },
  call: LiveCall,
  reason: EndReason,
): void {
  const answerer = call.answerer?.endpoint.party;
  const answeredByStaffId = answerer?.kind === 'staff' ? answerer.id : null;
  recordCall(ctx.db, {
    callId: call.callId,
    municipalityId: call.municipalityId,
    callerKind: call.caller.kind,
    callerId: call.caller.id,
    calleeKind: call.target.kind,
    calleeId: call.target.id,
    answeredByStaffId,
    slotId: call.slotId,
    autoAnswered: call.autoAnswerAfterMs !== null && call.answerAt !== null,
    ringAt: new Date(call.ringAt),
    answerAt: call.answerAt === null ? null : new Date(call.answerAt),
    connectedAt: call.connectedAt === null ? null : new Date(call.connectedAt),
    endAt: new Date(ctx.clock.now()),
    endReason: reason,
  }).catch((error: unknown) => ctx.log.error({ err: error, callId: call.callId }, 'call record failed'));
}

/**
 * A citizen's call to her team (or her guide) that rang nobody, because nobody of them had a page open: recorded
 * as a call nobody answered (`unreachable`), so the team sees on its day page that she tried
 * (care/day-plan/missed-calls.ts). Never connected and never for a planned visit, so no statistic counts it.
 */
export function writeUnreachableRecord(
  ctx: { readonly db: Db; readonly log: Logger; readonly clock: Clock },
  input: {
    callId: string;
    municipalityId: string;
    citizenId: string;
    callee: { kind: 'pool' | 'staff'; id: string };
  },
): Promise<void> {
  const at = new Date(ctx.clock.now());
  return recordCall(ctx.db, {
    callId: input.callId,
    municipalityId: input.municipalityId,
    callerKind: 'citizen',
    callerId: input.citizenId,
    calleeKind: input.callee.kind,
    calleeId: input.callee.id,
    ringAt: at,
    endAt: at,
    endReason: 'unreachable',
  }).catch((error: unknown) => ctx.log.error({ err: error, callId: input.callId }, 'call record failed'));
}
