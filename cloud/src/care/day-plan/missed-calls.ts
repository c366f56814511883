import type { Clock } from '@screenvisit/protocol';
import { and, desc, eq, gte, inArray, isNotNull, isNull, ne, or, type SQL } from 'drizzle-orm';
import { callRecordsTable, citizensTable, type Db, unitsTable } from '../../db/index.js';
import type { Principal } from '../../kernel/principal.js';
import { createPermissionService } from '../permissions/service.js';
import { memberUnitIds } from '../scope.js';

/** How far back a citizen's unanswered call stays on her team's day page: a day, then it is old news. */
export const MISSED_CALLS_WINDOW_MS = 24 * 60 * 60_000;

export interface MissedCitizenCall {
  citizenId: string;
  citizenName: string;
  /** Her latest unanswered call to this member or their units. */
  lastAt: Date;
  /** Unanswered calls of hers in the window since anyone last spoke with her. */
  attempts: number;
  /** The member may call her back now (the permission service's answer, as the call button would get). */
  callable: boolean;
}

/**
 * The citizens who called this member or one of their units and got nobody (rang out, everyone declined, she
 * hung up while it rang, or nobody's page was open: `unreachable`), in the last day. A citizen leaves the list
 * once a later call between her and any staff member connected: someone has spoken with her since, so a second
 * callback would only disturb her (the night console's missed list follows the same rule). Names only, as the
 * day plan shows them.
 */
export async function missedCitizenCalls(
  db: Db,
  clock: Clock,
  principal: Principal,
): Promise<MissedCitizenCall[]> {
  const now = new Date(clock.now());
  // Her team dialled as a group is recorded as the dialled party, `pool` with the unit's id (calls/records.ts).
  // Night-watch pools are left out: their console keeps its own missed list (night-watch/pool-calls.ts).
  const units = await teamUnitIds(db, principal.id);
  const toMe = or(
    and(eq(callRecordsTable.calleeKind, 'staff'), eq(callRecordsTable.calleeId, principal.id)),
    units.length > 0
      ? and(inArray(callRecordsTable.calleeKind, ['pool', 'unit']), inArray(callRecordsTable.calleeId, units))
      : undefined,
  );
  const missed = await db
    .select({ citizenId: callRecordsTable.callerId, ringAt: callRecordsTable.ringAt })
    .from(callRecordsTable)
    .where(
      and(
        eq(callRecordsTable.municipalityId, principal.municipalityId),
        eq(callRecordsTable.callerKind, 'citizen'),
        toMe,
        isNull(callRecordsTable.answerAt),
        isNotNull(callRecordsTable.endAt),
        // A call stopped because her permission went is not a call back anyone owes her.
        ne(callRecordsTable.endReason, 'permission_revoked'),
        gte(callRecordsTable.ringAt, new Date(now.getTime() - MISSED_CALLS_WINDOW_MS)),
      ),
    )
    .orderBy(desc(callRecordsTable.ringAt));
  if (missed.length === 0) return [];
  const citizenIds = [...new Set(missed.map((m) => m.citizenId))];
  const since = new Date(now.getTime() - MISSED_CALLS_WINDOW_MS);
  const spokenSince = await lastConnected(db, principal.municipalityId, citizenIds, since, toMe);
  const byCitizen = new Map<string, { lastAt: Date; attempts: number }>();
  for (const m of missed) {
    const spoken = spokenSince.get(m.citizenId);
    if (spoken && spoken >= m.ringAt) continue;
    const seen = byCitizen.get(m.citizenId);
    if (seen) seen.attempts += 1;
    else byCitizen.set(m.citizenId, { lastAt: m.ringAt, attempts: 1 });
  }
  if (byCitizen.size === 0) return [];
  const names = await db
    .select({ id: citizensTable.id, name: citizensTable.displayName })
    .from(citizensTable)
    .where(
      and(
        eq(citizensTable.municipalityId, principal.municipalityId),
        inArray(citizensTable.id, [...byCitizen.keys()]),
      ),
    );
  const permissions = createPermissionService({ db, clock });
  const list = await Promise.all(
    names.map(async ({ id, name }) => {
      const decision = await permissions.decide(principal.municipalityId, {
        from: { kind: 'staff', id: principal.id },
        to: { kind: 'citizen', id },
      });
      const seen = byCitizen.get(id)!;
      return { citizenId: id, citizenName: name, ...seen, callable: decision.allowed };
    }),
  );
  return list.sort((a, b) => b.lastAt.getTime() - a.lastAt.getTime());
}

/**
 * Per citizen, when she last spoke with care staff since `since`: a staff member's call to her that connected, or
 * her call to this member or their units that connected. Her calls to the night watch do not count: they were
 * about the night, not about what she wanted of her team.
 */
async function lastConnected(
  db: Db,
  municipalityId: string,
  citizenIds: string[],
  since: Date,
  toMe: SQL | undefined,
) {
  const rows = await db
    .select({
      callerId: callRecordsTable.callerId,
      calleeId: callRecordsTable.calleeId,
      callerKind: callRecordsTable.callerKind,
      connectedAt: callRecordsTable.connectedAt,
    })
    .from(callRecordsTable)
    .where(
      and(
        eq(callRecordsTable.municipalityId, municipalityId),
        gte(callRecordsTable.connectedAt, since),
        or(
          and(
            eq(callRecordsTable.callerKind, 'citizen'),
            inArray(callRecordsTable.callerId, citizenIds),
            toMe,
          ),
          and(
            eq(callRecordsTable.callerKind, 'staff'),
            eq(callRecordsTable.calleeKind, 'citizen'),
            inArray(callRecordsTable.calleeId, citizenIds),
          ),
        ),
      ),
    );
  const last = new Map<string, Date>();
  for (const r of rows) {
    const citizenId = r.callerKind === 'citizen' ? r.callerId : r.calleeId;
    const prev = last.get(citizenId);
    if (!prev || r.connectedAt! > prev) last.set(citizenId, r.connectedAt!);
  }
  return last;
}

/** The member's units a citizen can dial as a group: every unit of theirs but a night-watch pool. */
async function teamUnitIds(db: Db, staffId: string): Promise<string[]> {
  const ids = await memberUnitIds(db, staffId);
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: unitsTable.id })
    .from(unitsTable)
    .where(and(inArray(unitsTable.id, ids), ne(unitsTable.kind, 'night_watch_pool')));
  return rows.map((r) => r.id);
}
