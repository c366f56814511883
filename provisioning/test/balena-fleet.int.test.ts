import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProvisioningError } from '../src/errors.js';
import { createBalenaFleet } from '../src/fleet/balena.js';
import type { FleetProvider } from '../src/fleet/provider.js';
import { type BalenaDouble, type DoubleDevice, startBalenaDouble } from './balena-double.js';

/**
 * The balena adapter (real balena-sdk 22) against a LOCAL HTTP DOUBLE of the balena API (test/balena-double.ts):
 * balena's cloud is unreachable here, so this proves what the SDK sends and how the adapter reads the
 * documented answers, not balena's own behaviour.
 */
const FLEET = 'kobenhavn/screenvisit-kiosks';
const kiosk = (id: number, uuid: string, fleet = FLEET): DoubleDevice => ({
  id,
  uuid,
  device_name: `kiosk-${id}`,
  is_online: id % 2 === 1,
  os_version: 'balenaOS 6.0.10',
  supervisor_version: '16.7.1',
  last_connectivity_event: '2025-11-24T10:00:00.000Z',
  fleet,
  appId: 42,
});
const A = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const B = 'b1b2c3d4e5f60718293a4b5c6d7e8f90';
const ELSEWHERE = 'c1b2c3d4e5f60718293a4b5c6d7e8f90';

let double: BalenaDouble;
let fleet: FleetProvider;

beforeAll(async () => {
  double = await startBalenaDouble([kiosk(1, A), kiosk(2, B), kiosk(3, ELSEWHERE, 'someone/else')]);
  fleet = createBalenaFleet({ apiUrl: double.url, token: double.token, fleet: FLEET });
});
afterAll(async () => {
  await double.close();
});

describe('the balena fleet adapter (against a local double of the balena API)', () => {
  it('lists only the devices of our fleet, through an OData query on /v7/device', async () => {
    const devices = await fleet.listDevices();
    expect(devices.map((d) => d.uuid)).toEqual([A, B]);
    expect(devices[0]).toEqual({
      uuid: A,
      name: 'kiosk-1',
      online: true,
      osVersion: 'balenaOS 6.0.10',
      supervisorVersion: '16.7.1',
      lastSeenAt: '2025-11-24T10:00:00.000Z',
    });
    const sent = double.requests.find((r) => r.path === '/v7/device');
    expect(sent?.query).toContain(`belongs_to__application/any(a:a/slug eq '${FLEET}')`);
  });

  it('finds a device by UUID and answers null for an unknown one', async () => {
    expect((await fleet.findByUuid(B))?.name).toBe('kiosk-2');
    expect(await fleet.findByUuid('0'.repeat(32))).toBeNull();
  });

  it('sets env vars and the label tag, updating a value that already exists (upsert)', async () => {
    await fleet.setEnv(A, { ENROLMENT_CODE: 'K7PM-Q2XD-9HWA', CLOUD_URL: 'https://screenvisit.example.dk' });
    await fleet.setEnv(A, { ENROLMENT_CODE: 'ZZZZ-Q2XD-9HWA' });
    expect(double.env.get('1/ENROLMENT_CODE')).toBe('ZZZZ-Q2XD-9HWA');
    expect(double.env.get('1/CLOUD_URL')).toBe('https://screenvisit.example.dk');
    await fleet.tagLabel(A, 'KBH-0001');
    expect(double.tags.get('1/screenvisit-label')).toBe('KBH-0001');
    expect(
      double.requests.some((r) => r.method === 'PATCH' && r.path === '/v7/device_environment_variable'),
    ).toBe(true);
  });

  it('finds a device by the serial tag', async () => {
    double.tags.set('2/serial', 'rpi4-10000000a3c5e1f2');
    expect((await fleet.findBySerial('rpi4-10000000a3c5e1f2'))?.uuid).toBe(B);
    expect(await fleet.findBySerial('rpi4-unknown')).toBeNull();
  });

  it("restarts the application through the supervisor proxy with the device's app id", async () => {
    await fleet.restartApplication(B);
    expect(double.restarts).toEqual([{ deviceId: 2, appId: 42 }]);
  });

  it('reports a refused token as a fleet error, not a crash', async () => {
    const wrong = createBalenaFleet({ apiUrl: double.url, token: 'wrong', fleet: FLEET });
    const error = await wrong.listDevices().catch((e: unknown) => e);
    expect(isProvisioningError(error) && error.reason).toBe('fleet_failed');
  });
});
