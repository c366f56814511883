import { z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createMunicipality, createStaff } from '../../test/fixtures.js';
import { as, careWorld, createUnit } from '../../test/kits/care.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { callPermissionsTable, citizenEnrolmentsTable, unitMembershipsTable } from '../db/index.js';
import { CitizenHit } from './routes.js';

describe('people search: by name, within the caller’s municipality', () => {
  let t: TestCloud;
  let w: Awaited<ReturnType<typeof careWorld>>;

  beforeAll(async () => {
    t = await startTestCloud();
    w = await careWorld(t);
  });
  afterAll(() => t.close());

  it('finds staff by part of the display name or the username, case-insensitively', async () => {
    const else_ = await createStaff(t, w.municipality.id, 'staff', {
      username: 'else.m',
      displayName: 'Else Mortensen',
    });
    const support = await as(t, w.support.subject);
    const byName = await support.get('/api/people/staff?q=MORTEN');
    expect(byName.status).toBe(200);
    expect(byName.json.map((h: { id: string }) => h.id)).toEqual([else_.id]);
    expect(byName.json[0]).toMatchObject({ kind: 'staff', displayName: 'Else Mortensen', active: true });
    const byUsername = await support.get('/api/people/staff?q=else.m');
    expect(byUsername.json.map((h: { id: string }) => h.id)).toEqual([else_.id]);
  });

  it('lists the names in which a word starts with what was typed first, as Enter takes the first', async () => {
    const nielsen = await createCitizen(t, w.municipality.id, { displayName: 'Bent Nielsen' });
    const mortensen = await createCitizen(t, w.municipality.id, { displayName: 'Else Mortensen' });
    const andersen = await createCitizen(t, w.municipality.id, { displayName: 'Anna Hansen-Elsebeth' });
    const support = await as(t, w.support.subject);
    const hits = (await support.get('/api/people/citizens?q=else')).json.map((h: { id: string }) => h.id);
    expect(hits).toEqual([andersen.id, mortensen.id, nielsen.id]);
    const one = (await support.get('/api/people/citizens?q=else&limit=1')).json.map(
      (h: { id: string }) => h.id,
    );
    expect(one).toEqual([andersen.id]);
  });

  it('treats % and _ as the letters they are, not as wildcards', async () => {
    const support = await as(t, w.support.subject);
    expect((await support.get('/api/people/staff?q=%25')).json).toEqual([]);
    expect((await support.get('/api/people/citizens?q=_')).json).toEqual([]);
  });

  it('never shows people of another municipality, even asked for by id', async () => {
    const other = await createMunicipality(t);
    const theirs = await createCitizen(t, other.id, { displayName: 'Else Fremmed' });
    const theirStaff = await createStaff(t, other.id, 'staff', { displayName: 'Else Fremmed' });
    const support = await as(t, w.support.subject);
    expect((await support.get('/api/people/citizens?q=Fremmed')).json).toEqual([]);
    expect((await support.get(`/api/people/citizens?ids=${theirs.id}`)).json).toEqual([]);
    expect((await support.get(`/api/people/staff?ids=${theirStaff.id}`)).json).toEqual([]);
  });

  it('shows support every citizen, and care staff only the citizens of their own units', async () => {
    const inTeam = await createCitizen(t, w.municipality.id, { displayName: 'Karen Holm' });
    const elsewhere = await createCitizen(t, w.municipality.id, { displayName: 'Karen Vang' });
    await t.cloud.db.db.insert(citizenEnrolmentsTable).values({ citizenId: inTeam.id, unitId: w.team.id });
    await t.cloud.db.db
      .insert(citizenEnrolmentsTable)
      .values({ citizenId: elsewhere.id, unitId: w.facility.id });
    const support = await as(t, w.support.subject);
    const all = (await support.get('/api/people/citizens?q=karen')).json.map((h: { id: string }) => h.id);
    expect(all).toEqual([inTeam.id, elsewhere.id]);
    const staff = await as(t, w.teamStaff.subject);
    const own = (await staff.get('/api/people/citizens?q=karen')).json.map((h: { id: string }) => h.id);
    expect(own).toEqual([inTeam.id]);
  });

  it('tells two citizens with the same name apart by their units and a short ref, never by another municipality’s unit', async () => {
    const inTeam = await createCitizen(t, w.municipality.id, {
      displayName: 'Hans Navnesen',
      initials: 'HN',
    });
    const inHome = await createCitizen(t, w.municipality.id, {
      displayName: 'Hans Navnesen',
      initials: 'HN',
    });
    const foreign = await createUnit(t, (await createMunicipality(t)).id, 'home_care_team', 'Fremmed Team');
    await t.cloud.db.db.insert(citizenEnrolmentsTable).values([
      { citizenId: inTeam.id, unitId: w.team.id },
      { citizenId: inHome.id, unitId: w.facility.id },
      { citizenId: inHome.id, unitId: w.team.id },
      // A row that should never exist (a unit of another municipality): its name must not leak even so.
      { citizenId: inTeam.id, unitId: foreign.id },
    ]);
    const support = await as(t, w.support.subject);
    const reply = await support.get('/api/people/citizens?q=hans%20navnesen');
    expect(reply.status).toBe(200);
    const hits = z.array(CitizenHit).parse(reply.json);
    const byId = new Map(hits.map((h) => [h.id, h]));
    expect(byId.get(inTeam.id)?.units).toEqual(['Team Nord']);
    expect(byId.get(inHome.id)?.units).toEqual(['Plejehjem Solgården', 'Team Nord']);
    expect(byId.get(inTeam.id)?.ref).not.toBe(byId.get(inHome.id)?.ref);
    expect(reply.text).not.toContain('Fremmed');
    // The card reads the same ref by id.
    const card = z.array(CitizenHit).parse((await support.get(`/api/people/citizens?ids=${inHome.id}`)).json);
    expect(card[0]?.ref).toBe(byId.get(inHome.id)?.ref);
    // Care staff see both (both are in their team) but only their own unit's name.
    const staff = await as(t, w.teamStaff.subject);
    const own = z.array(CitizenHit).parse((await staff.get('/api/people/citizens?q=hans%20navnesen')).json);
    expect(own.map((h) => [h.id, h.units])).toEqual(
      expect.arrayContaining([
        [inTeam.id, ['Team Nord']],
        [inHome.id, ['Team Nord']],
      ]),
    );
    expect(own).toHaveLength(2);
  });

  it('lists only the citizens the caller may call now when asked for callable ones', async () => {
    const allowed = await createCitizen(t, w.municipality.id, { displayName: 'Poul Kaldbar' });
    const notAllowed = await createCitizen(t, w.municipality.id, { displayName: 'Poul Ukaldbar' });
    const [enrolment] = await t.cloud.db.db
      .insert(citizenEnrolmentsTable)
      .values({ citizenId: allowed.id, unitId: w.team.id })
      .returning();
    // Home guidance: only the guide calls; a team colleague who is also in the guidance unit may not.
    await t.cloud.db.db
      .insert(unitMembershipsTable)
      .values({ staffId: w.teamStaff.id, unitId: w.guidance.id });
    await t.cloud.db.db
      .insert(citizenEnrolmentsTable)
      .values({ citizenId: notAllowed.id, unitId: w.guidance.id, guideStaffId: w.guide.id });
    // A staff_to_citizen row without windows narrows nothing: the team member still calls at any time.
    await t.cloud.db.db.insert(callPermissionsTable).values({
      municipalityId: w.municipality.id,
      enrolmentId: enrolment!.id,
      direction: 'staff_to_citizen',
      windows: null,
      createdAt: new Date(),
    });
    const staff = await as(t, w.teamStaff.subject);
    const hits = (await staff.get('/api/people/citizens?q=poul&callable=true')).json;
    expect(hits.map((h: { id: string }) => h.id)).toEqual([allowed.id]);
    expect(hits[0].online).toBe(false);
  });

  it('refuses a citizen and an over-long or malformed query', async () => {
    const citizen = await as(t, { kind: 'citizen', id: w.citizen.id, municipalityId: w.municipality.id });
    expect((await citizen.get('/api/people/staff?q=a')).status).toBe(403);
    const support = await as(t, w.support.subject);
    expect((await support.get(`/api/people/staff?q=${'a'.repeat(81)}`)).status).toBe(400);
    expect((await support.get('/api/people/staff?ids=nope')).status).toBe(400);
    expect((await support.get(`/api/people/citizens?ids=${'-'.repeat(36)}`)).status).toBe(400);
    expect((await support.get('/api/people/staff?limit=0')).status).toBe(400);
  });
});
