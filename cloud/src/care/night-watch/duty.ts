import { and, eq, isNull, max } from 'drizzle-orm';
import {
  callRecordsTable,
  type Db,
  dutyPeriodsTable,
  staffTable,
  unitMembershipsTable,
  unitsTable,
} from '../../db/index.js';
import { CareError } from '../errors.js';

/**
 * Going on and off duty (issue 4 §3). Only a member of the pool who is not disabled may go on duty; going on
 * twice is a no-op (one open period per pool and member, enforced by a partial unique index too).
 */
export async function goOnDuty(
  db: Db,
  input: { poolUnitId: string; staffId: string; at: Date },
): Promise<void> {
  const [row] = await db
    .select({ kind: unitsTable.kind, disabledAt: staffTable.disabledAt })
    .from(unitMembershipsTable)
    .innerJoin(unitsTable, eq(unitsTable.id, unitMembershipsTable.unitId))
    .innerJoin(staffTable, eq(staffTable.id, unitMembershipsTable.staffId))
    .where(
      and(eq(unitMembershipsTable.unitId, input.poolUnitId), eq(unitMembershipsTable.staffId, input.staffId)),
    );
  if (!row) throw new CareError('not_a_pool_member', 'only members of the pool can go on duty in it');
  if (row.kind !== 'night_watch_pool')
    throw new CareError('not_a_pool', 'that unit is not a night-watch pool');
  if (row.disabledAt && row.disabledAt.getTime() <= input.at.getTime())
    throw new CareError('staff_disabled', 'a disabled staff member cannot go on duty');
  await db
    .insert(dutyPeriodsTable)
    .values({ poolUnitId: input.poolUnitId, staffId: input.staffId, startedAt: input.at })
    .onConflictDoNothing();
}

/** Returns whether the member was on duty. */
export async function goOffDuty(
  db: Db,
  input: { poolUnitId: string; staffId: string; at: Date },
): Promise<boolean> {
  const rows = await db
    .update(dutyPeriodsTable)
    .set({ endedAt: input.at })
    .where(
      and(
        eq(dutyPeriodsTable.poolUnitId, input.poolUnitId),
        eq(dutyPeriodsTable.staffId, input.staffId),
        isNull(dutyPeriodsTable.endedAt),
      ),
    )
    .returning({ id: dutyPeriodsTable.id });
  return rows.length > 0;
}

export interface OnDutyMember {
  staffId: string;
  displayName: string;
  since: Date;
  lastCallEndedAt: Date | null;
  /** max(since, lastCallEndedAt): what longest-idle orders by. */
  idleSince: Date;
  /**
   * The member's account was closed (disabled) while their duty period stayed open: the roster still shows them,
   * but they can neither answer nor log in again, so they never count as covering the watch (calls/night-watch/
   * pool-presence.ts). Kept in the list, not filtered out: a pool whose last member on duty loses access is
   * still a pool someone believes covered, and must raise "nobody reachable" (pool-reachability.ts).
   */
  accessEnded: boolean;
}

/** "Who is on duty now" in a pool, longest idle first. */
export async function whoIsOnDuty(db: Db, poolUnitId: string): Promise<OnDutyMember[]> {
  const lastCall = db
    .select({
      staffId: callRecordsTable.answeredByStaffId,
      endedAt: max(callRecordsTable.endAt).as('last_call_ended_at'),
    })
    .from(callRecordsTable)
    .groupBy(callRecordsTable.answeredByStaffId)
    .as('last_call');
  const rows = await db
    .select({
      staffId: dutyPeriodsTable.staffId,
      displayName: staffTable.displayName,
      since: dutyPeriodsTable.startedAt,
      lastCallEndedAt: lastCall.endedAt,
      disabledAt: staffTable.disabledAt,
    })
    .from(dutyPeriodsTable)
    .innerJoin(staffTable, eq(staffTable.id, dutyPeriodsTable.staffId))
    .leftJoin(lastCall, eq(lastCall.staffId, dutyPeriodsTable.staffId))
    .where(and(eq(dutyPeriodsTable.poolUnitId, poolUnitId), isNull(dutyPeriodsTable.endedAt)));
  return rows
    .map((r) => {
      // max() over timestamptz comes back as a string from some drivers: normalise.
      const last = r.lastCallEndedAt ? new Date(r.lastCallEndedAt as unknown as string) : null;
      const idleSince = last && last.getTime() > r.since.getTime() ? last : r.since;
      return {
        staffId: r.staffId,
        displayName: r.displayName,
        since: r.since,
        lastCallEndedAt: last,
        idleSince,
        accessEnded: r.disabledAt !== null,
      };
    })
    .sort((a, b) => a.idleSince.getTime() - b.idleSince.getTime() || a.staffId.localeCompare(b.staffId));
}

/**
 * Every pool with at least one member on duty now, whichever node or restart put them there (the open duty
 * periods, read through the partial index duty_periods_open_uq). Used by: the pools' presence check, so the
 * "on duty but unreachable" alert covers pools no call has touched since this node started (issue 10 §2).
 */
export async function poolsWithMembersOnDuty(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ poolUnitId: dutyPeriodsTable.poolUnitId })
    .from(dutyPeriodsTable)
    .where(isNull(dutyPeriodsTable.endedAt));
  return rows.map((r) => r.poolUnitId);
}
