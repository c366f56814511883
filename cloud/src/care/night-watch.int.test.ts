import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createMunicipality, createStaff } from '../../test/fixtures.js';
import { as, careWorld, createUnit, member } from '../../test/kits/care.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import {
  auditLogTable,
  claimNightWatchCall,
  createNightWatchCall,
  dutyShiftsTable,
  setNightWatchCallStatus,
} from '../db/index.js';

let t: TestCloud;
let w: Awaited<ReturnType<typeof careWorld>>;

beforeAll(async () => {
  t = await startTestCloud();
  w = await careWorld(t);
  await (await as(t, w.support.subject)).put(`/api/night-watch/pools/${w.pool.id}/coverage`, {
    facilityUnitIds: [w.facility.id],
  });
}, 60_000);
afterAll(() => t?.close());

const pool = () => `/api/night-watch/pools/${w.pool.id}`;

describe('pool settings and coverage', () => {
  it('saves longest-idle with a phone fallback and refuses a fallback pool of another municipality', async () => {
    const support = await as(t, w.support.subject);
    const settings = { strategy: 'longest_idle', memberRingSeconds: 15, fallbackPhone: '+45 33 66 33 66' };
    const saved = await support.put(`${pool()}/settings`, settings);
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ ...settings, answerTimeoutSeconds: 60, fallbackPoolUnitId: null });
    expect((await (await as(t, w.night1.subject)).get(`${pool()}/settings`)).json.strategy).toBe(
      'longest_idle',
    );
    const away = await createMunicipality(t);
    const foreignPool = await createUnit(t, away.id, 'night_watch_pool', 'Fremmed');
    expect((await support.put(`${pool()}/settings`, { fallbackPoolUnitId: foreignPool.id })).status).toBe(
      404,
    );
    expect((await (await as(t, w.night1.subject)).put(`${pool()}/settings`, settings)).status).toBe(403);
  });

  it('takes the alert mobile as the admin settings do: normalised, refused by field, audited by two digits', async () => {
    const support = await as(t, w.support.subject);
    const saved = await support.put(`${pool()}/settings`, { alertPhone: '20 30 40 51' });
    expect(saved.status).toBe(200);
    expect(saved.json.alertPhone).toBe('+4520304051');
    // The same rule as PUT /api/settings (admin): a Danish mobile, 8 digits, optionally +45.
    const refused = await support.put(`${pool()}/settings`, { alertPhone: '1234' });
    expect(refused.status).toBe(400);
    expect(refused.json.errors).toEqual([expect.objectContaining({ path: 'alertPhone' })]);
    // A client that leaves it out keeps it.
    expect((await support.put(`${pool()}/settings`, { strategy: 'ring_all' })).json.alertPhone).toBe(
      '+4520304051',
    );
    const entries = await t.cloud.db.db
      .select({ details: auditLogTable.details })
      .from(auditLogTable)
      .where(and(eq(auditLogTable.action, 'care.pool.settings_set'), eq(auditLogTable.targetId, w.pool.id)));
    const text = JSON.stringify(entries);
    expect(text).toContain('+45••••••51');
    expect(text).not.toContain('20304051');
  });

  it('covers facilities only', async () => {
    const support = await as(t, w.support.subject);
    expect((await support.put(`${pool()}/coverage`, { facilityUnitIds: [w.team.id] })).status).toBe(400);
    const details = await support.get(`/api/units/${w.pool.id}`);
    expect(details.json.coveredFacilityIds).toEqual([w.facility.id]);
  });
});

describe('duty', () => {
  it('lets members go on duty; the pool and the covered facility’s day staff see who is on duty', async () => {
    const night1 = await as(t, w.night1.subject);
    const on = await night1.post(`${pool()}/duty`, { onDuty: true });
    expect(on.status).toBe(200);
    await (await as(t, w.night2.subject)).post(`${pool()}/duty`, { onDuty: true });
    const seen = await (await as(t, w.dayStaff.subject)).get(`${pool()}/on-duty`);
    expect(seen.json.map((m: { staffId: string }) => m.staffId).sort()).toEqual(
      [w.night1.id, w.night2.id].sort(),
    );
    expect((await (await as(t, w.teamStaff.subject)).get(`${pool()}/on-duty`)).status).toBe(403);
    expect((await (await as(t, w.teamStaff.subject)).post(`${pool()}/duty`, { onDuty: true })).status).toBe(
      403,
    );
    const off = await night1.post(`${pool()}/duty`, { onDuty: false });
    expect(off.json.map((m: { staffId: string }) => m.staffId)).toEqual([w.night2.id]);
  });

  it('ends the duty of a member removed from the pool', async () => {
    const extra = await member(t, w.municipality.id, 'staff', [w.pool.id]);
    await (await as(t, extra.subject)).post(`${pool()}/duty`, { onDuty: true });
    expect(
      (await (await as(t, w.support.subject)).del(`/api/units/${w.pool.id}/members/${extra.id}`)).status,
    ).toBe(204);
    const onDuty = await (await as(t, w.support.subject)).get(`${pool()}/on-duty`);
    expect(onDuty.json.map((m: { staffId: string }) => m.staffId)).not.toContain(extra.id);
  });
});

describe('roster', () => {
  const csv = (rows: string[]) => ['username,date,start,end', ...rows].join('\n');

  it('reports per-row errors on a dry run and on a failed import writes nothing', async () => {
    const support = await as(t, w.support.subject);
    const text = csv([`${w.night1.username},2031-03-28,22:00,07:00`, 'stranger,2031-03-29,22:00,07:00']);
    const dry = await support.post(`${pool()}/roster/import`, { format: 'csv', text, dryRun: true });
    expect(dry.json).toMatchObject({ written: false, errors: [{ row: 'line 3' }] });
    const real = await support.post(`${pool()}/roster/import`, { format: 'csv', text });
    expect(real.json.written).toBe(false);
    expect(await t.cloud.db.db.select().from(dutyShiftsTable)).toHaveLength(0);
  });

  it('imports, answers “when do I have the watch?”, and applies a manual override', async () => {
    const support = await as(t, w.support.subject);
    const text = csv([
      `${w.night1.username},2031-03-29,22:00,07:00`,
      `${w.night2.username},2031-03-30,22:00,07:00`,
    ]);
    const imported = await support.post(`${pool()}/roster/import`, { format: 'csv', text });
    expect(imported.json).toMatchObject({ written: true, shifts: 2, errors: [] });
    const period = '?from=2031-03-29T00:00:00Z&to=2031-04-02T00:00:00Z';
    const mine = await (await as(t, w.night1.subject)).get(`/api/night-watch/my-watches${period}`);
    // The night of 29–30 March 2031 spans the spring DST change in Copenhagen: 22:00–07:00 lasts 8 real hours.
    expect(mine.json).toEqual([
      expect.objectContaining({ startsAt: '2031-03-29T21:00:00.000Z', endsAt: '2031-03-30T05:00:00.000Z' }),
    ]);
    const shiftId = mine.json[0].id as string;
    const override = await support.post(`${pool()}/roster/shifts`, {
      staffId: w.night2.id,
      startsAt: '2031-03-29T21:00:00Z',
      endsAt: '2031-03-30T05:00:00Z',
      overridesShiftId: shiftId,
    });
    expect(override.status).toBe(201);
    expect((await (await as(t, w.night1.subject)).get(`/api/night-watch/my-watches${period}`)).json).toEqual(
      [],
    );
    const roster = await support.get(`${pool()}/roster${period}`);
    expect(roster.json.map((s: { staffId: string }) => s.staffId)).toEqual([w.night2.id, w.night2.id]);
    const clash = await support.post(`${pool()}/roster/shifts`, {
      staffId: w.night2.id,
      startsAt: '2031-03-30T04:00:00Z',
      endsAt: '2031-03-30T09:00:00Z',
    });
    expect(clash.status).toBe(409);
  });
});

describe('missed calls', () => {
  it('lists a missed call with the resident’s name and marks the callback once', async () => {
    const resident = await createCitizen(t, w.municipality.id, { displayName: 'Inger Holm' });
    const callId = randomUUID();
    await createNightWatchCall(t.cloud.db.db, {
      callId,
      poolUnitId: w.pool.id,
      citizenId: resident.id,
      at: new Date(),
    });
    await setNightWatchCallStatus(t.cloud.db.db, { callId, status: 'missed', reason: 'no_answer' });
    const night2 = await as(t, w.night2.subject);
    const missed = await night2.get(`${pool()}/missed-calls`);
    expect(missed.json).toEqual([
      expect.objectContaining({ callId, citizenName: 'Inger Holm', reason: 'no_answer' }),
    ]);
    expect((await night2.post(`/api/night-watch/missed-calls/${callId}/callback-done`)).status).toBe(204);
    expect((await night2.post(`/api/night-watch/missed-calls/${callId}/callback-done`)).status).toBe(409);
    expect((await night2.get(`${pool()}/missed-calls`)).json).toEqual([]);
    const away = await createMunicipality(t);
    const foreign = await createStaff(t, away.id, 'support');
    const other = await as(t, { kind: 'staff', id: foreign.id, municipalityId: away.id });
    expect((await other.get(`${pool()}/missed-calls`)).status).toBe(404);
  });

  it('drops a missed call once the same resident got through to the pool later, and only then', async () => {
    const db = t.cloud.db.db;
    const [solveig, other] = [
      await createCitizen(t, w.municipality.id, { displayName: 'Solveig Krag' }),
      await createCitizen(t, w.municipality.id, { displayName: 'Oda Krag' }),
    ];
    const at = (minutes: number) => new Date(Date.now() - 60 * 60_000 + minutes * 60_000);
    const place = async (citizenId: string, minutes: number, status: 'missed' | 'answered' | 'ringing') => {
      const callId = randomUUID();
      await createNightWatchCall(db, { callId, poolUnitId: w.pool.id, citizenId, at: at(minutes) });
      if (status === 'missed') await setNightWatchCallStatus(db, { callId, status, reason: 'no_answer' });
      if (status === 'answered')
        expect(await claimNightWatchCall(db, { callId, staffId: w.night2.id, at: at(minutes + 1) })).toBe(
          true,
        );
      return callId;
    };
    const night2 = await as(t, w.night2.subject);
    const listed = async () =>
      ((await night2.get(`${pool()}/missed-calls`)).json as { callId: string }[]).map((c) => c.callId);

    const first = await place(solveig.id, 0, 'missed');
    const othersMissed = await place(other.id, 1, 'missed');
    // She pressed again; it still rings: nobody has talked to her yet, so the first call stays on the list.
    await place(solveig.id, 3, 'ringing');
    expect(await listed()).toEqual(expect.arrayContaining([first, othersMissed]));
    // Answered three minutes later: she got through, so calling her back at night would only wake her.
    await place(solveig.id, 5, 'answered');
    const after = await listed();
    expect(after).not.toContain(first);
    // Another resident's call, and her own call missed AFTER the answered one, stay.
    const later = await place(solveig.id, 20, 'missed');
    expect(await listed()).toEqual(expect.arrayContaining([othersMissed, later]));
    expect(await listed()).not.toContain(first);
  });
});
