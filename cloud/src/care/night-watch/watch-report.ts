import { and, asc, eq, gte, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { auditLogTable, type Db, nightWatchCallsTable, staffTable, unitsTable } from '../../db/index.js';
import { POOL_REACHABLE_AGAIN, POOL_UNREACHABLE } from '../../kernel/ports.js';

export type WatchOutcome = 'answered' | 'answered_late' | 'missed' | 'escalated' | 'open';

export interface WatchCall {
  placedAt: Date;
  outcome: WatchOutcome;
  /** Seconds from the button to the member's accept; null when nobody answered in this pool. */
  answeredAfterSeconds: number | null;
  /** The member who answered (staff name: support and the manager see who worked; the resident is not named). */
  answeredBy: string | null;
  /** Why missed or escalated: nobody_on_duty, no_answer, queue_timeout, caller_hung_up. */
  reason: string | null;
  escalatedTo: string | null;
}

export interface WatchAlert {
  at: Date;
  kind: 'unreachable' | 'reachable_again';
  onDuty: number | null;
  /** What became of the SMS to the responsible mobile: sent, or the reason it was not. */
  sms: string | null;
}

/**
 * "Watch the watchers" (issue 10 §6): one pool's last hours of night calls as support and the unit manager need
 * them. A call is `answered` when a member accepted within `withinSeconds` of the button, `answered_late` when
 * later, `missed` or `escalated` as the router recorded it, `open` while still ringing or queued. No resident is
 * named (the row needs none); the member who answered is, since that is the point of the view.
 * Used by: GET /api/night-watch/pools/:id/watch.
 */
export async function watchReport(
  db: Db,
  input: { poolUnitId: string; municipalityId: string; since: Date; withinSeconds: number },
): Promise<{ calls: WatchCall[]; alerts: WatchAlert[] }> {
  const target = alias(unitsTable, 'escalated_to');
  const rows = await db
    .select({
      placedAt: nightWatchCallsTable.placedAt,
      acceptedAt: nightWatchCallsTable.acceptedAt,
      status: nightWatchCallsTable.status,
      reason: nightWatchCallsTable.reason,
      answeredBy: staffTable.displayName,
      escalatedTo: target.name,
    })
    .from(nightWatchCallsTable)
    .leftJoin(staffTable, eq(staffTable.id, nightWatchCallsTable.acceptedBy))
    .leftJoin(target, eq(target.id, nightWatchCallsTable.escalatedToPoolUnitId))
    .where(
      and(
        eq(nightWatchCallsTable.poolUnitId, input.poolUnitId),
        gte(nightWatchCallsTable.placedAt, input.since),
      ),
    )
    .orderBy(asc(nightWatchCallsTable.placedAt));
  const calls = rows.map((r): WatchCall => {
    const after = r.acceptedAt ? Math.max(0, (r.acceptedAt.getTime() - r.placedAt.getTime()) / 1000) : null;
    const outcome: WatchOutcome =
      after !== null
        ? after <= input.withinSeconds
          ? 'answered'
          : 'answered_late'
        : r.status === 'escalated'
          ? 'escalated'
          : r.status === 'missed'
            ? 'missed'
            : 'open';
    return {
      placedAt: r.placedAt,
      outcome,
      answeredAfterSeconds: after === null ? null : Math.round(after),
      answeredBy: r.answeredBy ?? null,
      reason: r.reason,
      escalatedTo: r.escalatedTo ?? null,
    };
  });
  const audits = await db
    .select({ at: auditLogTable.at, action: auditLogTable.action, details: auditLogTable.details })
    .from(auditLogTable)
    .where(
      and(
        eq(auditLogTable.municipalityId, input.municipalityId),
        eq(auditLogTable.targetId, input.poolUnitId),
        inArray(auditLogTable.action, [POOL_UNREACHABLE, POOL_REACHABLE_AGAIN]),
        gte(auditLogTable.at, input.since),
      ),
    )
    .orderBy(asc(auditLogTable.at));
  const alerts = audits.map((a): WatchAlert => {
    const sms = a.details.sms as { sent?: boolean; reason?: string } | undefined;
    return {
      at: a.at,
      kind: a.action === POOL_UNREACHABLE ? 'unreachable' : 'reachable_again',
      onDuty: typeof a.details.onDuty === 'number' ? a.details.onDuty : null,
      sms: sms ? (sms.sent ? 'sent' : (sms.reason ?? 'failed')) : null,
    };
  });
  return { calls, alerts };
}
