import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createMunicipality, createStaff } from '../../test/fixtures.js';
import { connectKiosk, enrolViaApi, nthConfigPush, supportApi } from '../../test/kits/devices.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';

/**
 * The loan in the kiosk's config (DeviceConfig.lent): a returned kiosk is told at once, so it forgets its last
 * borrower's missed call before the next borrower sees it (not only at a wipe).
 */
let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud();
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('the loan in the pushed config', () => {
  it('says lent when lent and not lent once returned, in single and bulk pushes', async () => {
    const home = await createMunicipality(t);
    const api = await supportApi(t, {
      id: (await createStaff(t, home.id, 'support')).id,
      municipalityId: home.id,
    });
    const { deviceId, mqttPassword } = await enrolViaApi(t, api, 'LOAN-0001');
    const kiosk = await connectKiosk(t, deviceId, mqttPassword);
    const citizen = await createCitizen(t, home.id);
    expect((await api('POST', `/api/devices/${deviceId}/lend`, { citizenId: citizen.id })).status).toBe(200);
    expect((await nthConfigPush(kiosk, 1)).config).toMatchObject({ lent: true });
    expect((await api('POST', `/api/devices/${deviceId}/return`)).status).toBe(200);
    expect((await nthConfigPush(kiosk, 2)).config).toMatchObject({ lent: false, contacts: [] });
    // Support cannot say otherwise: the loan is the cloud's to state (refused as an unknown field).
    expect((await api('PUT', `/api/devices/${deviceId}/config`, { volume: 50, lent: true })).status).toBe(
      400,
    );
    await api('PUT', `/api/devices/${deviceId}/config`, { volume: 50 });
    expect((await nthConfigPush(kiosk, 3)).config).toMatchObject({ volume: 50, lent: false });
    const bulk = await api('POST', '/api/devices/config', {
      scope: { kind: 'municipality' },
      changes: { volume: 45 },
    });
    expect(bulk.status).toBeLessThan(300);
    expect((await nthConfigPush(kiosk, 4)).config).toMatchObject({ volume: 45, lent: false });
    await kiosk.client.endAsync(true);
  });
});
