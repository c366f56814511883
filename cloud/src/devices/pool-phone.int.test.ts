import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createStaff } from '../../test/fixtures.js';
import { createUnit } from '../../test/kits/care.js';
import {
  configPushes,
  connectKiosk,
  enrolViaApi,
  nthConfigPush,
  supportApi,
} from '../../test/kits/devices.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';

/**
 * The night watch's switchboard number in the config the cloud pushes (DeviceConfig.nightWatch.fallbackPhone):
 * a kiosk that cannot reach the cloud shows it on its "not reached" screen, so it must arrive before the night it
 * is needed, and follow the pool's settings.
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

const poolSettings = (poolId: string, fallbackPhone: string | null) =>
  api('PUT', `/api/night-watch/pools/${poolId}/settings`, { fallbackPhone });

/** An online kiosk whose night-watch button calls `poolId`, with the first config it got. */
async function kioskCalling(poolId: string) {
  const { deviceId, mqttPassword } = await enrolViaApi(t, api, `FB-${String(++label).padStart(4, '0')}`);
  const kiosk = await connectKiosk(t, deviceId, mqttPassword);
  const pushed = await api('PUT', `/api/devices/${deviceId}/config`, {
    nightWatch: { enabled: true, poolId },
  });
  expect(pushed.status).toBe(202);
  await nthConfigPush(kiosk, 1);
  return { deviceId, kiosk };
}

describe("the pool's switchboard number in the kiosk's config", () => {
  it("pushes the number of the pool the button calls, whatever support's request carried", async () => {
    const pool = await createUnit(t, home.id, 'night_watch_pool', 'Nattevagt Syd');
    expect((await poolSettings(pool.id, '33 66 33 66')).status).toBe(200);
    const { deviceId, kiosk } = await kioskCalling(pool.id);
    expect((await nthConfigPush(kiosk, 1)).config.nightWatch).toEqual({
      enabled: true,
      poolId: pool.id,
      fallbackPhone: '33 66 33 66',
    });
    // Not support's to type: the cloud derives the number (and the loan) on every push, so the request refuses
    // them as unknown fields rather than accepting and overwriting them (the API documented fields nobody sets).
    const typed = await api('PUT', `/api/devices/${deviceId}/config`, {
      nightWatch: { enabled: true, poolId: pool.id, fallbackPhone: '11 11 11 11' },
    });
    expect(typed.status).toBe(400);
    expect((await api('PUT', `/api/devices/${deviceId}/config`, { lent: false })).status).toBe(400);
    // The button switched off: no number either (the kiosk says the button is not switched on).
    await api('PUT', `/api/devices/${deviceId}/config`, { nightWatch: { enabled: false } });
    expect((await nthConfigPush(kiosk, 2)).config.nightWatch).toEqual({ enabled: false });
    await kiosk.client.endAsync(true);
  });

  it("follows a change of the pool's settings to the kiosks calling that pool, and only to them", async () => {
    const pool = await createUnit(t, home.id, 'night_watch_pool', 'Nattevagt Nord');
    const other = await createUnit(t, home.id, 'night_watch_pool', 'Nattevagt Vest');
    const calling = await kioskCalling(pool.id);
    const elsewhere = await kioskCalling(other.id);
    expect((await nthConfigPush(calling.kiosk, 1)).config.nightWatch.fallbackPhone).toBeUndefined();

    expect((await poolSettings(pool.id, '70 10 20 30')).status).toBe(200);
    const second = await nthConfigPush(calling.kiosk, 2);
    expect(second).toMatchObject({ version: 2, config: { nightWatch: { fallbackPhone: '70 10 20 30' } } });
    expect((await api('GET', `/api/devices/${calling.deviceId}`)).body).toMatchObject({
      targetConfigVersion: 2,
    });

    // A change that leaves the number as it is pushes nothing new.
    await api('PUT', `/api/night-watch/pools/${pool.id}/settings`, {
      fallbackPhone: '70 10 20 30',
      strategy: 'longest_idle',
    });
    // The number taken away goes from the kiosk too.
    await poolSettings(pool.id, null);
    const third = await nthConfigPush(calling.kiosk, 3);
    expect(third.version).toBe(3);
    expect(third.config.nightWatch).toEqual({ enabled: true, poolId: pool.id });
    expect(configPushes(calling.kiosk)).toHaveLength(3);
    // The kiosk calling another pool got nothing.
    expect(configPushes(elsewhere.kiosk)).toHaveLength(1);
    await calling.kiosk.client.endAsync(true);
    await elsewhere.kiosk.client.endAsync(true);
  });

  it("follows the number an administrator sets on the municipality's settings page", async () => {
    const pool = await createUnit(t, home.id, 'night_watch_pool', 'Nattevagt Midt');
    const { kiosk } = await kioskCalling(pool.id);
    const admin = await supportApi(t, {
      id: (await createStaff(t, home.id, 'system_admin')).id,
      municipalityId: home.id,
    });
    const saved = await admin('PUT', '/api/settings', {
      pools: [{ id: pool.id, fallbackPhone: '33 12 34 56' }],
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await nthConfigPush(kiosk, 2)).config.nightWatch.fallbackPhone).toBe('33 12 34 56');
    await kiosk.client.endAsync(true);
  });

  it('pushes the number the pool chain ends with: the night watch an evening pool hands its calls to', async () => {
    const evening = await createUnit(t, home.id, 'night_watch_pool', 'Aftenvagten Solbakken');
    const night = await createUnit(t, home.id, 'night_watch_pool', 'Nattevagten Centralt');
    // Solbakken's own number is its day reception; nobody there answers when the night watch takes the calls.
    const fallBack = (fallbackPoolUnitId: string | null, fallbackPhone: string | null) =>
      api('PUT', `/api/night-watch/pools/${evening.id}/settings`, { fallbackPoolUnitId, fallbackPhone });
    expect((await fallBack(night.id, '11 22 33 44')).status).toBe(200);
    expect((await poolSettings(night.id, '33 66 00 00')).status).toBe(200);
    const { kiosk } = await kioskCalling(evening.id);
    expect((await nthConfigPush(kiosk, 1)).config.nightWatch.fallbackPhone).toBe('33 66 00 00');

    // A new number on the night watch reaches the kiosks of every pool that falls back to it.
    await poolSettings(night.id, '33 66 00 01');
    expect((await nthConfigPush(kiosk, 2)).config.nightWatch.fallbackPhone).toBe('33 66 00 01');
    // The night watch without a number: the call ends with the first pool's, as a live call does.
    await poolSettings(night.id, null);
    expect((await nthConfigPush(kiosk, 3)).config.nightWatch.fallbackPhone).toBe('11 22 33 44');
    // No fallback pool any more: the pool's own number, as before.
    await poolSettings(night.id, '33 66 00 01');
    expect((await nthConfigPush(kiosk, 4)).config.nightWatch.fallbackPhone).toBe('33 66 00 01');
    await fallBack(null, '11 22 33 44');
    expect((await nthConfigPush(kiosk, 5)).config.nightWatch.fallbackPhone).toBe('11 22 33 44');
    await kiosk.client.endAsync(true);
  });

  it('carries the number in a push to many kiosks at once', async () => {
    const pool = await createUnit(t, home.id, 'night_watch_pool', 'Nattevagt Øst');
    await poolSettings(pool.id, '+45 33 66 33 66');
    const { deviceId, kiosk } = await kioskCalling(pool.id);
    const bulk = await api('POST', '/api/devices/config', {
      scope: { kind: 'municipality' },
      changes: { volume: 40 },
    });
    expect(bulk.status, JSON.stringify(bulk.body)).toBeLessThan(300);
    expect((await nthConfigPush(kiosk, 2)).config).toMatchObject({
      volume: 40,
      nightWatch: { poolId: pool.id, fallbackPhone: '+45 33 66 33 66' },
    });
    expect(deviceId).toBeTruthy();
    await kiosk.client.endAsync(true);
  });
});
