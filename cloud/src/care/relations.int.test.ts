import { systemClock } from '@screenvisit/protocol';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createMunicipality, createStaff } from '../../test/fixtures.js';
import { as, careWorld } from '../../test/kits/care.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { auditLogTable } from '../db/index.js';
import { createPermissionService } from './index.js';

let t: TestCloud;
let w: Awaited<ReturnType<typeof careWorld>>;

beforeAll(async () => {
  t = await startTestCloud();
  w = await careWorld(t);
}, 60_000);
afterAll(() => t?.close());

const audited = async (action: string, targetId: string) =>
  t.cloud.db.db
    .select()
    .from(auditLogTable)
    .where(and(eq(auditLogTable.action, action), eq(auditLogTable.targetId, targetId)));

describe('units and membership', () => {
  it('lets support create a unit and lists it with the caller’s own units marked', async () => {
    const support = await as(t, w.support.subject);
    const created = await support.post('/api/units', { kind: 'home_care_team', name: 'Team Syd' });
    expect(created.status).toBe(201);
    const list = await (await as(t, w.teamStaff.subject)).get('/api/units');
    expect(list.json.find((u: { id: string }) => u.id === w.team.id)).toMatchObject({ member: true });
    expect(list.json.find((u: { id: string }) => u.id === created.json.id)).toMatchObject({ member: false });
    expect(await audited('care.unit.created', created.json.id)).toHaveLength(1);
  });

  it('lets a unit manager add and remove staff in their own unit, and refuses another unit', async () => {
    const manager = await as(t, w.manager.subject);
    const newcomer = await createStaff(t, w.municipality.id);
    expect((await manager.post(`/api/units/${w.team.id}/members`, { staffId: newcomer.id })).status).toBe(
      204,
    );
    expect((await manager.post(`/api/units/${w.team.id}/members`, { staffId: newcomer.id })).status).toBe(
      409,
    );
    const details = await manager.get(`/api/units/${w.team.id}`);
    expect(details.json.members.map((m: { staffId: string }) => m.staffId)).toContain(newcomer.id);
    expect((await manager.del(`/api/units/${w.team.id}/members/${newcomer.id}`)).status).toBe(204);
    expect((await manager.post(`/api/units/${w.facility.id}/members`, { staffId: newcomer.id })).status).toBe(
      403,
    );
    expect(await audited('care.membership.added', w.team.id)).toHaveLength(1);
    expect(await audited('care.membership.removed', w.team.id)).toHaveLength(1);
  });

  it('refuses support of another municipality (404) and plain staff (403)', async () => {
    const away = await createMunicipality(t);
    const foreign = await createStaff(t, away.id, 'support');
    const other = await as(t, { kind: 'staff', id: foreign.id, municipalityId: away.id });
    expect((await other.get(`/api/units/${w.team.id}`)).status).toBe(404);
    expect((await other.post(`/api/units/${w.team.id}/members`, { staffId: w.teamStaff.id })).status).toBe(
      404,
    );
    expect((await other.post('/api/enrolments', { citizenId: w.citizen.id, unitId: w.team.id })).status).toBe(
      404,
    );
    expect((await other.get(`/api/citizens/${w.citizen.id}/relations`)).status).toBe(404);
    const staff = await as(t, w.teamStaff.subject);
    expect((await staff.post('/api/enrolments', { citizenId: w.citizen.id, unitId: w.team.id })).status).toBe(
      403,
    );
  });
});

describe('enrolment and call permissions', () => {
  it('enrols, lets the team call, and closing the enrolment refuses the very next attempt', async () => {
    const citizen = await createCitizen(t, w.municipality.id);
    const support = await as(t, w.support.subject);
    const enrolled = await support.post('/api/enrolments', { citizenId: citizen.id, unitId: w.team.id });
    expect(enrolled.status).toBe(201);
    const permissions = createPermissionService({ db: t.cloud.db.db, clock: systemClock });
    const attempt = {
      from: { kind: 'staff' as const, id: w.teamStaff.id },
      to: { kind: 'citizen' as const, id: citizen.id },
    };
    expect((await permissions.decide(w.municipality.id, attempt)).allowed).toBe(true);

    const closed = await support.post(`/api/enrolments/${enrolled.json.id}/close`);
    expect(closed.status).toBe(200);
    // The call router was told at once (it re-checks live calls; none are live here).
    expect(closed.json).toMatchObject({ permissionsRevoked: 0, callsEnded: 0 });
    expect((await permissions.decide(w.municipality.id, attempt)).allowed).toBe(false);
    expect((await support.post(`/api/enrolments/${enrolled.json.id}/close`)).status).toBe(409);
    expect(await audited('care.enrolment.closed', citizen.id)).toHaveLength(1);
  });

  it('requires a guide who is a member of the home-guidance unit', async () => {
    const citizen = await createCitizen(t, w.municipality.id);
    const support = await as(t, w.support.subject);
    const body = { citizenId: citizen.id, unitId: w.guidance.id };
    expect((await support.post('/api/enrolments', body)).status).toBe(400);
    expect((await support.post('/api/enrolments', { ...body, guideStaffId: w.teamStaff.id })).status).toBe(
      400,
    );
    expect((await support.post('/api/enrolments', { ...body, guideStaffId: w.guide.id })).status).toBe(201);
  });

  it('grants a windowed citizen → staff permission, lists it, and revokes it (audited)', async () => {
    const citizen = await createCitizen(t, w.municipality.id);
    const manager = await as(t, w.manager.subject);
    const enrolled = await manager.post('/api/enrolments', { citizenId: citizen.id, unitId: w.team.id });
    const path = `/api/enrolments/${enrolled.json.id}/permissions/citizen_to_staff`;
    const windows = [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '16:00' }];
    expect((await manager.put(path, { windows: [{ days: [], from: '9', to: 'x' }] })).status).toBe(400);
    expect((await manager.put(path, { windows })).status).toBe(200);
    const relations = await manager.get(`/api/citizens/${citizen.id}/relations`);
    expect(relations.json[0].permissions).toEqual([
      expect.objectContaining({ direction: 'citizen_to_staff', windows }),
    ]);
    expect((await manager.del(path)).status).toBe(204);
    expect((await manager.del(path)).status).toBe(404);
    expect(await audited('care.permission.granted', citizen.id)).toHaveLength(1);
    expect(await audited('care.permission.revoked', citizen.id)).toHaveLength(1);
  });
});

describe('auto-answer and do not disturb', () => {
  it('lets a manager set the policy and any staff of the unit set “do not disturb”, audited', async () => {
    const citizen = await createCitizen(t, w.municipality.id);
    await (await as(t, w.support.subject)).post('/api/enrolments', {
      citizenId: citizen.id,
      unitId: w.team.id,
    });
    const manager = await as(t, w.manager.subject);
    const policy = { enabled: true, countdownSeconds: 10, quietHours: { from: '22:00', to: '07:00' } };
    expect((await manager.put(`/api/citizens/${citizen.id}/auto-answer`, policy)).json).toMatchObject(policy);
    const staff = await as(t, w.teamStaff.subject);
    expect((await staff.put(`/api/citizens/${citizen.id}/auto-answer`, policy)).status).toBe(403);
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const dnd = await staff.put(`/api/citizens/${citizen.id}/do-not-disturb`, { until });
    expect(dnd.status).toBe(200);
    expect(new Date(dnd.json.doNotDisturbUntil).toISOString()).toBe(until);
    // Staff of another unit do not even learn the citizen exists.
    const stranger = await as(t, w.dayStaff.subject);
    expect((await stranger.put(`/api/citizens/${citizen.id}/do-not-disturb`, { until })).status).toBe(404);
    expect(
      (await staff.put(`/api/citizens/${citizen.id}/do-not-disturb`, { until: null })).json.doNotDisturbUntil,
    ).toBeNull();
    expect(await audited('care.do_not_disturb.set', citizen.id)).toHaveLength(1);
    // Clearing is audited too: support's "Slå forstyr ikke fra" on the citizen's card sends exactly this.
    expect(await audited('care.do_not_disturb.cleared', citizen.id)).toHaveLength(1);
    expect(await audited('care.auto_answer.policy_set', citizen.id)).toHaveLength(1);
  });

  it('lets support read the policy the support console shows, change the countdown and read it back', async () => {
    // The support console's citizen page reads and writes exactly these two routes (auto-answer-panel.tsx).
    const citizen = await createCitizen(t, w.municipality.id);
    await (await as(t, w.support.subject)).post('/api/enrolments', {
      citizenId: citizen.id,
      unitId: w.team.id,
    });
    const support = await as(t, w.support.subject);
    const path = `/api/citizens/${citizen.id}/auto-answer`;
    // No row yet: the default never answers by itself.
    expect((await support.get(path)).json).toEqual({
      enabled: false,
      countdownSeconds: 10,
      quietHours: null,
      doNotDisturbUntil: null,
    });
    const overMidnight = { enabled: true, countdownSeconds: 20, quietHours: { from: '22:00', to: '07:00' } };
    expect((await support.put(path, overMidnight)).status).toBe(200);
    expect((await support.get(path)).json).toEqual({ ...overMidnight, doNotDisturbUntil: null });
    // zod at the boundary: 3–60 s, and quiet hours that start and end at the same time are refused.
    for (const bad of [
      { ...overMidnight, countdownSeconds: 2 },
      { ...overMidnight, countdownSeconds: 61 },
      { ...overMidnight, quietHours: { from: '07:00', to: '07:00' } },
    ])
      expect((await support.put(path, bad)).status).toBe(400);
    expect((await support.get(path)).json.countdownSeconds).toBe(20);
    // Staff of the citizen's unit may read it (their call screen), but not change it.
    const staff = await as(t, w.teamStaff.subject);
    expect((await staff.get(path)).json.countdownSeconds).toBe(20);
    expect((await staff.put(path, { ...overMidnight, countdownSeconds: 5 })).status).toBe(403);
    const [entry, ...more] = await audited('care.auto_answer.policy_set', citizen.id);
    expect(more).toEqual([]);
    expect(entry!.details).toMatchObject({ enabled: true, countdownSeconds: 20, quietHours: true });
  });
});
