import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, careWorld } from '../../../test/kits/care.js';
import { fakeClock } from '../../../test/kits/citizens.js';
import { startTestCloud, type TestCloud } from '../../../test/test-cloud.js';
import { citizenEnrolmentsTable, dayPlanSlotsTable } from '../../db/index.js';
import { createSlot } from './slots.js';

describe('planning: one day’s slots, recurring visits, moving and cancelling', () => {
  let t: TestCloud;
  let w: Awaited<ReturnType<typeof careWorld>>;
  // The cloud's clock, held still: "now" and "a minute ago" below stay what they were when the test read them.
  const clock = fakeClock();

  beforeAll(async () => {
    t = await startTestCloud({}, { clock });
    w = await careWorld(t);
    await t.cloud.db.db.insert(citizenEnrolmentsTable).values({ citizenId: w.citizen.id, unitId: w.team.id });
  });
  afterAll(() => t.close());

  it('plans a weekly series for one staff member as single slots, all shown on their days', async () => {
    const support = await as(t, w.support.subject);
    const res = await support.post('/api/day-plan/series', {
      citizenId: w.citizen.id,
      unitId: w.team.id,
      staffId: w.teamStaff.id,
      type: 'reassurance',
      time: '10:30',
      startDate: '2030-01-07',
      until: '2030-01-28',
      repeat: 'weekly',
    });
    expect(res.status).toBe(201);
    expect(res.json.map((s: { localDate: string }) => s.localDate)).toEqual([
      '2030-01-07',
      '2030-01-14',
      '2030-01-21',
      '2030-01-28',
    ]);
    expect(res.json[0]).toMatchObject({
      localTime: '10:30',
      staffName: w.teamStaff.displayName,
      citizenOnline: false,
    });
    const day = await support.get('/api/day-plan/slots?date=2030-01-14');
    expect(day.status).toBe(200);
    expect(day.json.map((s: { id: string }) => s.id)).toEqual([res.json[1].id]);
    const staff = await as(t, w.teamStaff.subject);
    expect((await staff.get('/api/day-plan/slots?date=2030-01-14')).json).toHaveLength(1);
    const stranger = await as(t, w.dayStaff.subject);
    expect((await stranger.get('/api/day-plan/slots?date=2030-01-14')).json).toEqual([]);
  });

  it('moves one visit of a series and cancels another without touching the rest', async () => {
    const support = await as(t, w.support.subject);
    const made = await support.post('/api/day-plan/series', {
      citizenId: w.citizen.id,
      unitId: w.team.id,
      type: 'conversation',
      time: '09:00',
      startDate: '2030-02-04',
      until: '2030-02-08',
      repeat: 'weekdays',
    });
    expect(made.json).toHaveLength(5);
    const moved = await support.patch(`/api/day-plan/slots/${made.json[0].id}`, {
      date: '2030-02-09',
      time: '13:15',
    });
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({ localDate: '2030-02-09', localTime: '13:15' });
    const cancelled = await support.post(`/api/day-plan/slots/${made.json[1].id}/outcome`, {
      outcome: 'cancelled',
      reason: 'Borgeren er på ferie',
    });
    expect(cancelled.json.outcome).toBe('cancelled');
    const wednesday = await support.get('/api/day-plan/slots?date=2030-02-06');
    expect(wednesday.json.map((s: { outcome: string | null }) => s.outcome)).toEqual([null]);
  });

  it('refuses a series for a citizen not enrolled in the unit, and writes none of it', async () => {
    const support = await as(t, w.support.subject);
    const res = await support.post('/api/day-plan/series', {
      citizenId: w.citizen.id,
      unitId: w.facility.id,
      type: 'conversation',
      time: '09:00',
      startDate: '2030-03-04',
      until: '2030-03-25',
      repeat: 'weekly',
    });
    expect(res.status).toBe(400);
    expect((await support.get('/api/day-plan/slots?date=2030-03-04')).json).toEqual([]);
  });

  it('refuses a series longer than 26 weeks or ending before it starts', async () => {
    const support = await as(t, w.support.subject);
    const base = {
      citizenId: w.citizen.id,
      unitId: w.team.id,
      type: 'training',
      time: '09:00',
      repeat: 'weekly',
    };
    expect(
      (await support.post('/api/day-plan/series', { ...base, startDate: '2030-01-01', until: '2030-12-31' }))
        .status,
    ).toBe(400);
    expect(
      (await support.post('/api/day-plan/series', { ...base, startDate: '2030-02-01', until: '2030-01-01' }))
        .status,
    ).toBe(400);
  });

  it('lets support correct a citizen’s name, and audits which field changed', async () => {
    const support = await as(t, w.support.subject);
    const res = await support.patch(`/api/citizens/${w.citizen.id}`, {
      displayName: 'Grethe Lund',
      initials: 'GL',
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ displayName: 'Grethe Lund', initials: 'GL' });
    expect((await support.patch(`/api/citizens/${w.citizen.id}`, { cpr: '0101011234' })).status).toBe(400);
  });

  it('offers in the responsible picker exactly the people the planning then accepts, for every caller', async () => {
    const callers = { support: w.support, manager: w.manager, teamStaff: w.teamStaff, dayStaff: w.dayStaff };
    const candidates = [w.manager, w.teamStaff, w.guide, w.dayStaff];
    const mismatches: string[] = [];
    let minute = 0;
    for (const [who, caller] of Object.entries(callers)) {
      const api = await as(t, caller.subject);
      const offered = await api.get(
        `/api/day-plan/responsible?unitId=${w.team.id}&citizenId=${w.citizen.id}`,
      );
      expect(offered.status, who).toBe(200);
      const offeredIds = new Set(offered.json.map((s: { id: string }) => s.id));
      for (const candidate of candidates) {
        minute += 1;
        const planned = await api.post('/api/day-plan/slots', {
          citizenId: w.citizen.id,
          unitId: w.team.id,
          staffId: candidate.id,
          type: 'conversation',
          date: '2030-05-06',
          time: `11:${String(minute).padStart(2, '0')}`,
        });
        const accepted = planned.status === 201;
        if (accepted !== offeredIds.has(candidate.id))
          mismatches.push(
            `${who} → ${candidate.displayName}: offered ${!accepted}, answered ${planned.status}`,
          );
      }
    }
    expect(mismatches).toEqual([]);
    // What that means here: a member of the unit offers only themself; a manager and support the whole unit.
    const staffOffer = await (await as(t, w.teamStaff.subject)).get(
      `/api/day-plan/responsible?unitId=${w.team.id}`,
    );
    expect(staffOffer.json.map((s: { id: string }) => s.id)).toEqual([w.teamStaff.id]);
    const managerOffer = await (await as(t, w.manager.subject)).get(
      `/api/day-plan/responsible?unitId=${w.team.id}`,
    );
    expect(managerOffer.json.map((s: { id: string }) => s.id).sort()).toEqual(
      [w.manager.id, w.teamStaff.id].sort(),
    );
  });

  it('offers only the citizen’s guide in home guidance, and nobody before a citizen is chosen', async () => {
    await t.cloud.db.db
      .insert(citizenEnrolmentsTable)
      .values({ citizenId: w.citizen.id, unitId: w.guidance.id, guideStaffId: w.guide.id });
    const support = await as(t, w.support.subject);
    const withCitizen = await support.get(
      `/api/day-plan/responsible?unitId=${w.guidance.id}&citizenId=${w.citizen.id}`,
    );
    expect(withCitizen.json.map((s: { id: string }) => s.id)).toEqual([w.guide.id]);
    expect((await support.get(`/api/day-plan/responsible?unitId=${w.guidance.id}`)).json).toEqual([]);
  });

  it('plans a home-guidance visit with no one chosen for the citizen’s guide, once or as a series', async () => {
    const db = t.cloud.db.db;
    const enrolled = await db
      .select()
      .from(citizenEnrolmentsTable)
      .where(
        and(
          eq(citizenEnrolmentsTable.citizenId, w.citizen.id),
          eq(citizenEnrolmentsTable.unitId, w.guidance.id),
        ),
      );
    if (enrolled.length === 0)
      await db
        .insert(citizenEnrolmentsTable)
        .values({ citizenId: w.citizen.id, unitId: w.guidance.id, guideStaffId: w.guide.id });
    const visit = { citizenId: w.citizen.id, unitId: w.guidance.id, type: 'conversation' as const };
    // The guide, planning their own visit the way the form sends it with "Medarbejder (valgfrit)" left empty.
    const guide = await as(t, w.guide.subject);
    const once = await guide.post('/api/day-plan/slots', {
      ...visit,
      staffId: null,
      date: '2030-06-03',
      time: '13:00',
    });
    expect(once.status).toBe(201);
    expect(once.json).toMatchObject({ staffId: w.guide.id, staffName: w.guide.displayName });
    const support = await as(t, w.support.subject);
    const series = await support.post('/api/day-plan/series', {
      ...visit,
      time: '13:00',
      startDate: '2030-06-10',
      until: '2030-06-17',
      repeat: 'weekly',
    });
    expect(series.status).toBe(201);
    expect(series.json.map((s: { staffId: string | null }) => s.staffId)).toEqual([w.guide.id, w.guide.id]);
    // Someone else of the unit still cannot be made responsible.
    const other = await support.post('/api/day-plan/slots', {
      ...visit,
      staffId: w.teamStaff.id,
      date: '2030-06-04',
      time: '13:00',
    });
    expect(other.status).toBe(400);
  });

  it('refuses a visit planned before now, once, moved there or as a series, and plans one at the minute it is now', async () => {
    const db = t.cloud.db.db;
    const support = await as(t, w.support.subject);
    const now = DateTime.fromMillis(clock.now(), { zone: 'Europe/Copenhagen' });
    const ago = now.minus({ minutes: 1 });
    const at = (d: DateTime) => ({ date: d.toISODate()!, time: d.toFormat('HH:mm') });
    const visit = { citizenId: w.citizen.id, unitId: w.team.id, type: 'medicine' as const };
    const count = async () => (await db.select().from(dayPlanSlotsTable)).length;
    const before = await count();

    const past = await support.post('/api/day-plan/slots', { ...visit, ...at(ago) });
    expect(past.status).toBe(400);
    expect(past.json.detail).toBe('That time has already passed. Choose a later date or time.');
    const yesterday = await support.post('/api/day-plan/slots', { ...visit, ...at(now.minus({ days: 1 })) });
    expect(yesterday.status).toBe(400);
    const series = await support.post('/api/day-plan/series', {
      ...visit,
      time: ago.toFormat('HH:mm'),
      startDate: ago.toISODate(),
      until: ago.plus({ weeks: 2 }).toISODate(),
      repeat: 'weekly',
    });
    expect(series.status).toBe(400);
    expect(series.json.detail).toBe(
      'The first visit of the series has already passed. Choose a later first date or time.',
    );
    expect(await count()).toBe(before);

    // The minute it is now still counts as ahead (the planning form's rule): it is rung at once.
    const current = await support.post('/api/day-plan/slots', { ...visit, ...at(now) });
    expect(current.status).toBe(201);
    const moved = await support.patch(`/api/day-plan/slots/${current.json.id}`, at(ago));
    expect(moved.status).toBe(400);
    expect(moved.json.detail).toBe('That time has already passed. Choose a later date or time.');
    expect((await support.get(`/api/day-plan/slots/${current.json.id}`)).json.localTime).toBe(
      now.toFormat('HH:mm'),
    );

    // A visit whose time has passed (seeded, no outcome yet) keeps its time and may still get another type.
    const earlier = await createSlot(
      db,
      { municipalityId: w.municipality.id, ...visit, ...at(now.minus({ hours: 2 })) },
      'Europe/Copenhagen',
      new Date(clock.now()),
    );
    const retyped = await support.patch(`/api/day-plan/slots/${earlier.id}`, {
      type: 'reassurance',
      ...at(now.minus({ hours: 2 })),
    });
    expect(retyped.status).toBe(200);
    expect(retyped.json.type).toBe('reassurance');
  });
});
