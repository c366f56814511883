import { and, eq, inArray } from 'drizzle-orm';
import type { DateTime } from 'luxon';
import {
  callRecordsTable,
  citizenEnrolmentsTable,
  type Db,
  nightWatchCallsTable,
  unitMembershipsTable,
  unitsTable,
} from '../db/index.js';

/**
 * DEMO ONLY (seed-history.ts): the night watch's calls. Made-up residents of the facility pressed the button,
 * each after her enrolment began (one who lived there by then), and a pool member answered most. A call is kept only when it ended before
 * `now`: the last week's nights run into this Monday's small hours, which lie ahead when the seed runs early on
 * a Monday.
 */
export async function seedNightWatch(
  db: Db,
  input: {
    poolUnitId: string;
    municipalityId: string;
    start: DateTime;
    weeks: number;
    now: Date;
    random: () => number;
    /** Who may have pressed: the residents made up here. */
    residents: ReadonlySet<string>;
  },
): Promise<number> {
  const { poolUnitId, municipalityId, start, weeks, now, random } = input;
  const [facility] = await db
    .select()
    .from(unitsTable)
    .where(and(eq(unitsTable.municipalityId, municipalityId), eq(unitsTable.kind, 'facility')));
  if (!facility) return 0;
  const residents = (
    await db
      .select({ citizenId: citizenEnrolmentsTable.citizenId, startedAt: citizenEnrolmentsTable.startedAt })
      .from(citizenEnrolmentsTable)
      .where(eq(citizenEnrolmentsTable.unitId, facility.id))
  ).filter((r) => input.residents.has(r.citizenId));
  const members = await db
    .select({ staffId: unitMembershipsTable.staffId })
    .from(unitMembershipsTable)
    .where(inArray(unitMembershipsTable.unitId, [poolUnitId]));
  if (!residents.length || !members.length) return 0;
  const rows: (typeof nightWatchCallsTable.$inferInsert)[] = [];
  for (let w = 0; w < weeks; w++)
    for (let n = 0; n < 4 + Math.floor(random() * 5); n++) {
      const placedAt = start
        .plus({ weeks: w, days: Math.floor(random() * 7), hours: 22 + random() * 7 })
        .toJSDate();
      const roll = random();
      const status = roll < 0.85 ? 'accepted' : roll < 0.93 ? 'escalated' : ('missed' as const);
      const waited = 8 + Math.floor(random() * (status === 'accepted' ? 50 : 60));
      // A resident who lived there by then.
      const living = residents.filter((r) => r.startedAt <= placedAt);
      const resident = living[Math.floor(random() * living.length)];
      const acceptedBy = members[Math.floor(random() * members.length)]!.staffId;
      const acceptedAt = status === 'accepted' ? new Date(placedAt.getTime() + waited * 1000) : null;
      // The call's last moment: its end (4 minutes after the answer, below), or the end of the wait.
      const over = acceptedAt ? acceptedAt.getTime() + 4 * 60_000 : placedAt.getTime() + waited * 1000;
      // Every call nobody took was called back by a member a few minutes later (the console's Ring tilbage), so
      // the demo's list of missed calls holds what a pool that does its job holds: nothing weeks old.
      const callbackAt = acceptedAt ? null : new Date(over + (3 + Math.floor(random() * 12)) * 60_000);
      if (
        over > now.getTime() ||
        (callbackAt && callbackAt.getTime() + 3 * 60_000 > now.getTime()) ||
        !resident
      )
        continue;
      rows.push({
        id: crypto.randomUUID(),
        poolUnitId,
        citizenId: resident.citizenId,
        status,
        placedAt,
        acceptedBy: acceptedAt ? acceptedBy : null,
        acceptedAt,
        reason: status === 'accepted' ? null : status === 'missed' ? 'no_answer' : 'queue_timeout',
        callbackDoneAt: callbackAt,
        callbackBy: callbackAt ? acceptedBy : null,
      });
    }
  if (rows.length === 0) return 0;
  await db.insert(nightWatchCallsTable).values(rows);
  // The connected night-watch calls count the residents and the night staff as active.
  await db.insert(callRecordsTable).values([
    ...rows
      .filter((r) => r.status === 'accepted')
      .map((r) => ({
        callId: r.id!,
        municipalityId,
        callerKind: 'citizen' as const,
        callerId: r.citizenId,
        calleeKind: 'pool' as const,
        calleeId: poolUnitId,
        answeredByStaffId: r.acceptedBy ?? null,
        ringAt: r.placedAt,
        answerAt: r.acceptedAt ?? null,
        connectedAt: r.acceptedAt ? new Date(r.acceptedAt.getTime() + 1_500) : null,
        endAt: r.acceptedAt ? new Date(r.acceptedAt.getTime() + 4 * 60_000) : null,
        endReason: 'hung_up',
      })),
    // The callbacks: the member's call to the resident, answered, three minutes.
    ...rows.flatMap((r) =>
      r.callbackDoneAt && r.callbackBy
        ? [
            {
              callId: crypto.randomUUID(),
              municipalityId,
              callerKind: 'staff' as const,
              callerId: r.callbackBy,
              calleeKind: 'citizen' as const,
              calleeId: r.citizenId,
              answeredByStaffId: null,
              ringAt: r.callbackDoneAt,
              answerAt: new Date(r.callbackDoneAt.getTime() + 8_000),
              connectedAt: new Date(r.callbackDoneAt.getTime() + 9_500),
              endAt: new Date(r.callbackDoneAt.getTime() + 3 * 60_000),
              endReason: 'hung_up',
            },
          ]
        : [],
    ),
  ]);
  return rows.length;
}
