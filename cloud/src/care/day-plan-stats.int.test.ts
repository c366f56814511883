import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, type Subject } from '../../test/kits/care.js';
import { fakeClock } from '../../test/kits/citizens.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { auditLogTable, seedDemo, unitsTable } from '../db/index.js';
import { seedCareDemo } from './index.js';

let t: TestCloud;
let who: (username: string) => Subject;
let unitId: (kind: string) => string;
const zone = 'Europe/Copenhagen';
// The cloud's clock, held at the moment the file loads: the seeded "today" and "last week", the cloud's
// /api/day-plan/today and the dates below are then one municipal day. On the system clock a run that passed
// Copenhagen midnight after seeding found today's plan empty (faked 2026-12-06 22:59:58 UTC, a Sunday night).
const clock = fakeClock();
const today = DateTime.fromMillis(clock.now(), { zone });
const lastWeek = today.minus({ days: 7 }).toISODate()!;

beforeAll(async () => {
  t = await startTestCloud({}, { clock });
  const now = new Date(clock.now());
  const demo = (await seedDemo(t.cloud.db.db, { now, password: 'Demo-Kodeord-Langt-2026' }))!;
  await seedCareDemo(t.cloud.db.db, demo.municipalityId, now);
  who = (username) => ({
    kind: 'staff',
    id: demo.staff.find((s) => s.username === username)!.id,
    municipalityId: demo.municipalityId,
  });
  const units = await t.cloud.db.db
    .select()
    .from(unitsTable)
    .where(eq(unitsTable.municipalityId, demo.municipalityId));
  unitId = (kind) => units.find((u) => u.kind === kind)!.id;
}, 120_000);
afterAll(() => t?.close());

describe('the evaluation data export', () => {
  it('shows planned, completed and minutes saved for the seeded demo data, and is audited', async () => {
    const support = await as(t, who('sofie.berg'));
    const reply = await support.get(`/api/stats/weekly.csv?from=${lastWeek}&to=${lastWeek}`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('text/csv');
    expect(reply.headers.get('content-disposition')).toContain('attachment');
    const rows = parse(reply.text, { columns: true }) as Record<string, string>[];
    const byPlanned = rows.map((r) => [
      r.planned,
      r.completed,
      r.no_answer,
      r.total_call_minutes,
      r.estimated_minutes_saved,
    ]);
    // Team: medicine (5 min) and reassurance (4 min) completed, training not answered: 20 + 15 minutes saved.
    // Guidance: one 28-minute conversation: 25 minutes saved (the documented default table).
    expect(byPlanned).toEqual(
      expect.arrayContaining([
        ['3', '2', '1', '9.0', '35'],
        ['1', '1', '0', '28.0', '25'],
      ]),
    );
    const audit = await t.cloud.db.db
      .select()
      .from(auditLogTable)
      .where(eq(auditLogTable.action, 'data.export.care_stats'));
    expect(audit[0]).toMatchObject({
      actorId: who('sofie.berg').id,
      details: expect.objectContaining({ format: 'csv' }),
    });
  });

  it('follows the minutes-per-call-type table that support configures', async () => {
    const support = await as(t, who('sofie.berg'));
    const table = { minutesSavedPerCall: { medicine: 30, reassurance: 10, conversation: 25, training: 20 } };
    expect((await support.put('/api/care/settings', table)).json).toEqual(table);
    const stats = await support.get(`/api/stats/weekly?from=${lastWeek}&to=${lastWeek}`);
    const team = stats.json.find((s: { unitId: string }) => s.unitId === unitId('home_care_team'));
    expect(team).toMatchObject({ planned: 3, completed: 2, estimatedMinutesSaved: 40 });
    expect((await (await as(t, who('mette.larsen'))).put('/api/care/settings', table)).status).toBe(403);
  });

  it('shows a unit manager their own units only', async () => {
    const manager = await as(t, who('mette.larsen'));
    const stats = await manager.get(`/api/stats/weekly?from=${lastWeek}&to=${lastWeek}`);
    expect(stats.json.map((s: { unitId: string }) => s.unitId)).toEqual([unitId('home_care_team')]);
    expect(
      (await (await as(t, who('jonas.nielsen'))).get(`/api/stats/weekly?from=${lastWeek}&to=${lastWeek}`))
        .status,
    ).toBe(403);
  });
});

describe('the day plan', () => {
  it("lists today's team slots for team staff and the guide's own slot for the guide", async () => {
    const team = await (await as(t, who('jonas.nielsen'))).get('/api/day-plan/today');
    expect(
      team.json.map((s: { citizenName: string; localTime: string }) => `${s.localTime} ${s.citizenName}`),
    ).toEqual(['08:00 Else Mortensen', '10:00 Poul Andersen', '14:00 Inger Rasmussen']);
    const guide = await (await as(t, who('karen.holm'))).get('/api/day-plan/today');
    expect(guide.json.map((s: { type: string }) => s.type)).toEqual(['conversation']);
  });

  it('records an outcome once, "completed" without a connected call needs how, and a cancellation a reason', async () => {
    const jonas = await as(t, who('jonas.nielsen'));
    const [first, second] = (await jonas.get('/api/day-plan/today')).json as { id: string }[];
    // No call for this slot ever connected: plain "completed" would be a screen visit that never happened.
    const unconnected = await jonas.post(`/api/day-plan/slots/${first!.id}/outcome`, {
      outcome: 'completed',
    });
    expect(unconnected.status).toBe(409);
    expect((await jonas.get(`/api/day-plan/slots/${first!.id}`)).json).toMatchObject({
      outcome: null,
      connected: false,
    });
    const done = await jonas.post(`/api/day-plan/slots/${first!.id}/outcome`, {
      outcome: 'completed',
      via: 'phone',
    });
    expect(done.json).toMatchObject({ outcome: 'completed', completedVia: 'phone', connected: false });
    expect(
      (await jonas.post(`/api/day-plan/slots/${first!.id}/outcome`, { outcome: 'no_answer' })).status,
    ).toBe(409);
    expect(
      (await jonas.post(`/api/day-plan/slots/${second!.id}/outcome`, { outcome: 'cancelled' })).status,
    ).toBe(400);
    // Minimum data: a CPR number in the reason is refused, in Danish, and nothing is recorded.
    const withCpr = await jonas.post(`/api/day-plan/slots/${second!.id}/outcome`, {
      outcome: 'cancelled',
      reason: 'Borger 010203-1234 på hospital',
    });
    expect(withCpr.status).toBe(400);
    expect(withCpr.json.errors).toEqual([
      { path: 'reason', message: 'Write the reason without a CPR number: ScreenVisit stores none.' },
    ]);
    expect((await jonas.get(`/api/day-plan/slots/${second!.id}`)).json).toMatchObject({ outcome: null });
    const cancelled = await jonas.post(`/api/day-plan/slots/${second!.id}/outcome`, {
      outcome: 'cancelled',
      reason: 'Borger på hospital',
    });
    expect(cancelled.json).toMatchObject({ outcome: 'cancelled', cancelReason: 'Borger på hospital' });
    expect((await jonas.patch(`/api/day-plan/slots/${first!.id}`, { time: '09:00' })).status).toBe(409);
    // Someone else's guide slot is not theirs to record.
    const [guideSlot] = (await (await as(t, who('karen.holm'))).get('/api/day-plan/today')).json as {
      id: string;
    }[];
    expect(
      (await jonas.post(`/api/day-plan/slots/${guideSlot!.id}/outcome`, { outcome: 'completed' })).status,
    ).toBe(403);
  });

  it('lets staff plan and move slots for themselves in their own unit, and only the guide in guidance', async () => {
    const jonas = await as(t, who('jonas.nielsen'));
    const else_ = (await jonas.get('/api/day-plan/today')).json[0].citizenId as string;
    const date = today.plus({ days: 1 }).toISODate();
    const body = {
      citizenId: else_,
      unitId: unitId('home_care_team'),
      type: 'reassurance',
      date,
      time: '11:00',
    };
    const planned = await jonas.post('/api/day-plan/slots', { ...body, staffId: who('jonas.nielsen').id });
    expect(planned.status).toBe(201);
    expect(
      (await jonas.patch(`/api/day-plan/slots/${planned.json.id}`, { time: '11:30' })).json.localTime,
    ).toBe('11:30');
    expect(
      (await jonas.post('/api/day-plan/slots', { ...body, staffId: who('mette.larsen').id })).status,
    ).toBe(403);
    const birthe = (await (await as(t, who('karen.holm'))).get('/api/day-plan/today')).json[0]
      .citizenId as string;
    const guidance = {
      citizenId: birthe,
      unitId: unitId('home_guidance'),
      type: 'conversation',
      date,
      time: '13:00',
    };
    const manager = await as(t, who('sofie.berg'));
    // Only the guide calls in home guidance: anyone else is refused, and no one named means the guide.
    expect(
      (await manager.post('/api/day-plan/slots', { ...guidance, staffId: who('jonas.nielsen').id })).status,
    ).toBe(400);
    const forGuide = await manager.post('/api/day-plan/slots', guidance);
    expect(forGuide.status).toBe(201);
    expect(forGuide.json).toMatchObject({ staffId: who('karen.holm').id });
  });
});
