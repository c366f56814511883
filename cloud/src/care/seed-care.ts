import { and, eq, isNull } from 'drizzle-orm';
import { DateTime } from 'luxon';
import {
  careSettingsTable,
  citizenEnrolmentsTable,
  citizensTable,
  type Db,
  municipalitiesTable,
  staffTable,
  unitsTable,
} from '../db/index.js';
import { saveAutoAnswerPolicy } from './auto-answer.js';
import { recordCall } from './day-plan/call-records.js';
import { saveCareSettings } from './day-plan/settings.js';
import { createSlot, recordSlotOutcome } from './day-plan/slots.js';
import { CareError } from './errors.js';
import { addManualShift } from './night-watch/roster-import.js';
import { savePoolSettings } from './night-watch/settings.js';
import { grantCallPermission } from './permissions/repository.js';
import { localToInstant, WEEKDAYS } from './time/windows.js';

export interface CareDemoSummary {
  poolUnitId: string;
  slotsToday: number;
  pastCalls: number;
  shifts: number;
}

/**
 * Care data for the demo municipality made by seedDemo (db/repos/seed.ts): permissions, the night-watch
 * pool's setting and next week's roster, today's day plan and last week's completed calls, so the
 * statistics export shows planned, completed and minutes saved. Runs once: returns null when the
 * municipality already has care settings. Fictional people only (seedDemo's).
 */
export async function seedCareDemo(
  db: Db,
  municipalityId: string,
  now: Date,
): Promise<CareDemoSummary | null> {
  return db.transaction(async (tx) => {
    const [m] = await tx.select().from(municipalitiesTable).where(eq(municipalitiesTable.id, municipalityId));
    if (!m) throw CareError.notFound('municipality');
    const [done] = await tx
      .select()
      .from(careSettingsTable)
      .where(eq(careSettingsTable.municipalityId, municipalityId));
    if (done) return null;
    const zone = m.timeZone;
    await saveCareSettings(tx, municipalityId, {}, now);

    const units = await tx.select().from(unitsTable).where(eq(unitsTable.municipalityId, municipalityId));
    const unit = (kind: string) => units.find((u) => u.kind === kind)?.id ?? fail(`a ${kind} unit`);
    const staff = await tx.select().from(staffTable).where(eq(staffTable.municipalityId, municipalityId));
    const staffId = (username: string) => staff.find((s) => s.username === username)?.id ?? fail(username);
    const enrolments = await tx
      .select({
        id: citizenEnrolmentsTable.id,
        name: citizensTable.displayName,
        citizenId: citizensTable.id,
        unitId: citizenEnrolmentsTable.unitId,
      })
      .from(citizenEnrolmentsTable)
      .innerJoin(citizensTable, eq(citizensTable.id, citizenEnrolmentsTable.citizenId))
      .where(and(eq(citizensTable.municipalityId, municipalityId), isNull(citizenEnrolmentsTable.endedAt)));
    const enrolment = (name: string) => enrolments.find((e) => e.name === name) ?? fail(name);

    const grant = (
      name: string,
      direction: 'citizen_to_staff' | 'citizen_to_night_watch',
      windows: unknown,
    ) =>
      grantCallPermission(tx, {
        municipalityId,
        enrolmentId: enrolment(name).id,
        direction,
        windows,
        at: now,
      });
    await grant('Birthe Sørensen', 'citizen_to_staff', [{ days: WEEKDAYS, from: '09:00', to: '16:00' }]);
    await grant('Else Mortensen', 'citizen_to_staff', [{ days: WEEKDAYS, from: '08:00', to: '20:00' }]);
    for (const name of ['Aase Pedersen', 'Knud Olsen', 'Grethe Thomsen'])
      await grant(name, 'citizen_to_night_watch', null);
    await saveAutoAnswerPolicy(
      tx,
      enrolment('Aase Pedersen').citizenId,
      { enabled: true, countdownSeconds: 10, quietHours: { from: '22:00', to: '07:00' } },
      now,
    );

    const poolUnitId = unit('night_watch_pool');
    // A fictional switchboard number and a fictional manager's mobile for the demo; a real pool names its own.
    // The demo has no SMS gateway, so the "nobody reachable" text to the mobile is recorded, not sent.
    await savePoolSettings(
      tx,
      poolUnitId,
      {
        strategy: 'ring_all',
        answerTimeoutSeconds: 60,
        fallbackPhone: '70 10 20 30',
        alertPhone: '+4520304050',
      },
      now,
    );

    const today = DateTime.fromJSDate(now, { zone }).startOf('day');
    const at = (day: DateTime, time: string) => {
      const r = localToInstant(day.toISODate()!, time, zone);
      return r.ok ? r.at : fail(`${day.toISODate()} ${time}`);
    };
    let shifts = 0;
    for (let d = 0; d < 7; d++) {
      const night = today.plus({ days: d });
      await addManualShift(tx, {
        poolUnitId,
        staffId: staffId(d % 2 === 0 ? 'lars.poulsen' : 'ida.christensen'),
        startsAt: at(night, '22:00'),
        endsAt: at(night.plus({ days: 1 }), '07:00'),
        at: now,
      });
      shifts++;
    }

    const team = unit('home_care_team');
    const guidance = unit('home_guidance');
    const plan: [
      string,
      string,
      'medicine' | 'reassurance' | 'conversation' | 'training',
      string,
      string | null,
    ][] = [
      ['Else Mortensen', team, 'medicine', '08:00', null],
      ['Poul Andersen', team, 'reassurance', '10:00', null],
      ['Birthe Sørensen', guidance, 'conversation', '13:00', 'karen.holm'],
      ['Inger Rasmussen', team, 'training', '14:00', null],
    ];
    const slot = (day: DateTime, [name, unitId, type, time, person]: (typeof plan)[number]) =>
      createSlot(
        tx,
        {
          municipalityId,
          citizenId: enrolment(name).citizenId,
          unitId,
          staffId: person ? staffId(person) : null,
          type,
          date: day.toISODate()!,
          time,
        },
        zone,
        now,
      );
    for (const p of plan) await slot(today, p);

    // Last week: the same plan, three calls completed (5, 4 and 28 minutes) and one not answered.
    const lastWeek = today.minus({ days: 7 });
    const talked = [5, 4, 28, 0];
    let pastCalls = 0;
    for (const [i, p] of plan.entries()) {
      const { id } = await slot(lastWeek, p);
      const ringAt = at(lastWeek, p[3]);
      const minutes = talked[i]!;
      const caller = p[4] ? staffId(p[4]) : staffId('mette.larsen');
      const answerAt = minutes ? new Date(ringAt.getTime() + 8_000) : null;
      await recordCall(tx, {
        callId: crypto.randomUUID(),
        municipalityId,
        callerKind: 'staff',
        callerId: caller,
        calleeKind: 'citizen',
        calleeId: enrolment(p[0]).citizenId,
        slotId: id,
        ringAt,
        answerAt,
        connectedAt: answerAt,
        endAt: new Date((answerAt ?? ringAt).getTime() + (minutes ? minutes * 60_000 : 45_000)),
        endReason: minutes ? 'hung_up' : 'no_answer',
      });
      await recordSlotOutcome(tx, {
        slotId: id,
        staffId: caller,
        at: ringAt,
        result: { outcome: minutes ? 'completed' : 'no_answer' },
      });
      pastCalls++;
    }
    return { poolUnitId, slotsToday: plan.length, pastCalls, shifts };
  });
}

function fail(what: string): never {
  throw new CareError('not_found', `seedCareDemo: ${what} is missing; run seedDemo first`);
}
