import type { DeviceConfig } from '@screenvisit/protocol';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createMunicipality, createStaff } from '../../test/fixtures.js';
import { createUnit } from '../../test/kits/care.js';
import { kioskLentTo, nthConfigPush, supportApi } from '../../test/kits/devices.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { deviceConfigsTable } from '../db/index.js';

/**
 * The resident's night-watch hours in the config the cloud pushes (DeviceConfig.nightWatch.windows): the kiosk
 * lights the button's lamp only inside them, so they must follow her call permission, pushed by the cloud itself
 * when support changes it, in single and bulk pushes alike.
 */
let t: TestCloud;
let home: { id: string };
let api: Awaited<ReturnType<typeof supportApi>>;
let label = 0;

beforeAll(async () => {
  t = await startTestCloud();
  home = await createMunicipality(t);
  api = await supportApi(t, { id: (await createStaff(t, home.id, 'support')).id, municipalityId: home.id });
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const NIGHTS = [{ days: [1, 2, 3, 4, 5, 6, 7], from: '22:00', to: '07:00' }];
const WEEKEND = [{ days: [6, 7], from: '18:00', to: '24:00' }];

/** A citizen enrolled in `unit`, with an online kiosk lent to her whose button calls the pool. */
async function residentWithKiosk(pool: { id: string }, unit: { id: string }) {
  const citizen = await createCitizen(t, home.id);
  const enrolled = await api('POST', '/api/enrolments', { citizenId: citizen.id, unitId: unit.id });
  expect(enrolled.status).toBe(201);
  const enrolmentId = enrolled.body.id as string;
  const { deviceId, kiosk } = await kioskLentTo(t, api, citizen.id, {
    label: `NW-${String(++label).padStart(4, '0')}`,
    online: {},
  });
  const pushed = await api('PUT', `/api/devices/${deviceId}/config`, {
    nightWatch: { enabled: true, poolId: pool.id },
  });
  expect(pushed.status).toBe(202);
  const configs = async (n: number) => (await nthConfigPush(kiosk, n)).config;
  return { citizen, enrolmentId, deviceId, kiosk, configs };
}

const permit = (enrolmentId: string, windows: unknown) =>
  api('PUT', `/api/enrolments/${enrolmentId}/permissions/citizen_to_night_watch`, { windows });

describe("the resident's night-watch hours in her kiosk's config", () => {
  it('pushes her hours, and pushes again by itself when support changes or revokes them', async () => {
    const facility = await createUnit(t, home.id, 'facility', 'Plejecenter Lærkereden');
    const pool = await createUnit(t, home.id, 'night_watch_pool', 'Nattevagten Øst');
    expect(
      (await api('PUT', `/api/night-watch/pools/${pool.id}/coverage`, { facilityUnitIds: [facility.id] }))
        .status,
    ).toBe(200);
    const aase = await residentWithKiosk(pool, facility);
    // No permission yet: no press of hers reaches the pool, so the lamp is told "never" (empty), not "as before".
    // Config 1 is the lend's, 2 the button's.
    expect((await aase.configs(2)).nightWatch).toEqual({ enabled: true, poolId: pool.id, windows: [] });

    expect((await permit(aase.enrolmentId, NIGHTS)).status).toBe(200);
    expect((await aase.configs(3)).nightWatch).toEqual({ enabled: true, poolId: pool.id, windows: NIGHTS });

    expect((await permit(aase.enrolmentId, WEEKEND)).status).toBe(200);
    expect((await aase.configs(4)).nightWatch.windows).toEqual(WEEKEND);

    // At any time: no hours travel, and the kiosk lights the lamp whenever a pool is set, as before.
    expect((await permit(aase.enrolmentId, null)).status).toBe(200);
    expect((await aase.configs(5)).nightWatch).toEqual({ enabled: true, poolId: pool.id });

    const revoked = await api(
      'DELETE',
      `/api/enrolments/${aase.enrolmentId}/permissions/citizen_to_night_watch`,
    );
    expect(revoked.status).toBe(204);
    expect((await aase.configs(6)).nightWatch.windows).toEqual([]);

    // Other directions do not touch the lamp: no push.
    expect(
      (
        await api('PUT', `/api/enrolments/${aase.enrolmentId}/permissions/citizen_to_staff`, {
          windows: null,
        })
      ).status,
    ).toBe(200);
    expect((await permit(aase.enrolmentId, NIGHTS)).status).toBe(200);
    const seventh = await aase.configs(7);
    expect(seventh.nightWatch.windows).toEqual(NIGHTS);
    // Support cannot type hours: they are the permission's (refused as an unknown field).
    const typed = await api('PUT', `/api/devices/${aase.deviceId}/config`, {
      nightWatch: { enabled: true, poolId: pool.id, windows: [] },
    });
    expect(typed.status).toBe(400);
    await aase.kiosk.client.endAsync(true);
  });

  it('gives each resident her own hours in one bulk push, through direct coverage too', async () => {
    const facility = await createUnit(t, home.id, 'facility', 'Plejecenter Bøgely');
    const pool = await createUnit(t, home.id, 'night_watch_pool', 'Nattevagten Vest');
    const team = await createUnit(t, home.id, 'home_care_team', 'Hjemmeplejen Vest');
    const knud = await residentWithKiosk(pool, facility);
    const grethe = await residentWithKiosk(pool, team);
    // Knud through the facility's coverage, Grethe only directly (a home-care citizen's way).
    expect(
      (
        await api('PUT', `/api/night-watch/pools/${pool.id}/coverage`, {
          facilityUnitIds: [facility.id],
          citizenIds: [grethe.citizen.id],
        })
      ).status,
    ).toBe(200);
    expect((await permit(knud.enrolmentId, NIGHTS)).status).toBe(200);
    expect((await permit(grethe.enrolmentId, WEEKEND)).status).toBe(200);
    const bulk = await api('POST', '/api/devices/config', {
      scope: { kind: 'municipality' },
      changes: { volume: 40 },
    });
    expect(bulk.status).toBeLessThan(300);
    expect((await knud.configs(4)).nightWatch.windows).toEqual(NIGHTS);
    expect((await grethe.configs(4)).nightWatch.windows).toEqual(WEEKEND);
    await knud.kiosk.client.endAsync(true);
    await grethe.kiosk.client.endAsync(true);
  });

  it("pushes again when the pool's coverage moves her, and to nobody whose hours stay", async () => {
    const facility = await createUnit(t, home.id, 'facility', 'Plejecenter Egebo');
    const elsewhere = await createUnit(t, home.id, 'facility', 'Plejecenter Ahorn');
    const pool = await createUnit(t, home.id, 'night_watch_pool', 'Nattevagten Syd');
    const team = await createUnit(t, home.id, 'home_care_team', 'Hjemmeplejen Syd');
    const inge = await residentWithKiosk(pool, facility);
    const poul = await residentWithKiosk(pool, team);
    const bent = await residentWithKiosk(pool, elsewhere);
    for (const r of [inge, poul, bent]) expect((await permit(r.enrolmentId, NIGHTS)).status).toBe(200);
    // The pool covers none of them yet: permitted, but no press of theirs reaches it, so the lamp stays out.
    for (const r of [inge, poul, bent]) expect((await target(r.deviceId)).nightWatch.windows).toEqual([]);
    const bentVersion = await versionOf(bent.deviceId);

    const cover = (facilityUnitIds: string[], citizenIds: string[]) =>
      api('PUT', `/api/night-watch/pools/${pool.id}/coverage`, { facilityUnitIds, citizenIds });
    // Her facility is covered: her lamp lights in her hours, pushed before the answer.
    expect((await cover([facility.id], [])).status).toBe(200);
    expect((await target(inge.deviceId)).nightWatch).toEqual({
      enabled: true,
      poolId: pool.id,
      windows: NIGHTS,
    });
    expect((await target(poul.deviceId)).nightWatch.windows).toEqual([]);
    // He is covered directly (a home-care citizen's way).
    expect((await cover([facility.id], [poul.citizen.id])).status).toBe(200);
    expect((await target(poul.deviceId)).nightWatch.windows).toEqual(NIGHTS);
    const ingeVersion = await versionOf(inge.deviceId);
    // Both taken away again: their lamps go out at once (a press would reach nobody).
    expect((await cover([], [])).status).toBe(200);
    expect((await target(inge.deviceId)).nightWatch.windows).toEqual([]);
    expect((await target(poul.deviceId)).nightWatch.windows).toEqual([]);
    expect(await versionOf(inge.deviceId)).toBe(ingeVersion + 1);
    // Bent's facility was never covered: his kiosk got no version from any of it.
    expect(await versionOf(bent.deviceId)).toBe(bentVersion);
    for (const r of [inge, poul, bent]) await r.kiosk.client.endAsync(true);
  });
});

/** The kiosk's target config: the newest version the cloud wrote (the outbox delivers it). */
async function target(deviceId: string): Promise<DeviceConfig> {
  const [row] = await t.cloud.db.db
    .select({ config: deviceConfigsTable.config })
    .from(deviceConfigsTable)
    .where(eq(deviceConfigsTable.deviceId, deviceId))
    .orderBy(desc(deviceConfigsTable.version))
    .limit(1);
  return row!.config;
}

async function versionOf(deviceId: string): Promise<number> {
  const [row] = await t.cloud.db.db
    .select({ version: deviceConfigsTable.version })
    .from(deviceConfigsTable)
    .where(eq(deviceConfigsTable.deviceId, deviceId))
    .orderBy(desc(deviceConfigsTable.version))
    .limit(1);
  return row?.version ?? 0;
}
