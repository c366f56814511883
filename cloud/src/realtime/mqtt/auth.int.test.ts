import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  connectDevice,
  deviceOptions,
  refusalCode,
  startTestBroker,
  stopTestBroker,
  type TestBroker,
  waitFor,
} from '../../../test/kits/broker.js';
import { ConnackCode } from './connack.js';

describe('MQTT broker: who may connect', () => {
  let t: TestBroker;
  beforeEach(async () => {
    t = await startTestBroker();
  });
  afterEach(async () => {
    await stopTestBroker(t);
  });

  for (const transport of ['tcp', 'ws'] as const) {
    it(`accepts an enrolled device with its own credential over ${transport}`, async () => {
      const device = t.auth.enrol();
      const client = await connectDevice(t, device, { transport });
      expect(client.connected).toBe(true);
      await waitFor(() => t.connections.length > 0, 'onDeviceConnection');
      expect(t.connections).toEqual([{ deviceId: device.deviceId, connected: true }]);
      expect(t.broker.connectedDeviceIds()).toEqual([device.deviceId]);
    });
  }

  it('refuses a wrong password with "bad user name or password" (4) and tells the authenticator', async () => {
    const device = t.auth.enrol();
    const code = await refusalCode(t, deviceOptions({ ...device, secret: 'not-the-secret' }));
    expect(code).toBe(ConnackCode.badUsernameOrPassword);
    expect(t.auth.refused).toEqual([{ deviceId: device.deviceId, why: 'invalid' }]);
    expect(t.connections).toEqual([]);
  });

  it('refuses a revoked credential with "not authorized" (5), over both transports', async () => {
    const device = t.auth.enrol();
    t.auth.revoked.add(device.deviceId);
    expect(await refusalCode(t, deviceOptions(device), 'tcp')).toBe(ConnackCode.notAuthorized);
    expect(await refusalCode(t, deviceOptions(device), 'ws')).toBe(ConnackCode.notAuthorized);
    expect(t.auth.refused.map((r) => r.why)).toEqual(['revoked', 'revoked']);
  });

  it('refuses an unknown device with "not authorized" (5)', async () => {
    const code = await refusalCode(t, deviceOptions({ deviceId: randomUUID(), secret: 'whatever' }));
    expect(code).toBe(ConnackCode.notAuthorized);
  });

  it('refuses a clientId that differs from the username, even with a valid credential', async () => {
    const device = t.auth.enrol();
    const other = t.auth.enrol();
    const code = await refusalCode(t, deviceOptions(device, { clientId: other.deviceId }));
    expect(code).toBe(ConnackCode.identifierRejected);
    // Refused before the credential is checked: no verify outcome to report.
    expect(t.auth.refused).toEqual([]);
  });

  it('refuses a username that is not a device id, and a missing password', async () => {
    const device = t.auth.enrol();
    expect(await refusalCode(t, { clientId: 'admin', username: 'admin', password: 'admin' })).toBe(
      ConnackCode.badUsernameOrPassword,
    );
    expect(await refusalCode(t, { clientId: device.deviceId, username: device.deviceId })).toBe(
      ConnackCode.badUsernameOrPassword,
    );
    expect(await refusalCode(t, { clientId: 'anonymous' })).toBe(ConnackCode.badUsernameOrPassword);
  });

  it('answers "server unavailable" (3) when the credential cannot be checked, so no kiosk wipes itself', async () => {
    const device = t.auth.enrol();
    t.auth.failWith = new Error('database is down');
    expect(await refusalCode(t, deviceOptions(device))).toBe(ConnackCode.serverUnavailable);
  });

  it('refuses a device that turns keepalive off, so a dead link is always noticed (aedes return code 6)', async () => {
    const device = t.auth.enrol();
    expect(await refusalCode(t, deviceOptions(device, { keepalive: 0 }))).toBe(6);
    expect(await refusalCode(t, deviceOptions(device, { keepalive: 301 }))).toBe(6);
  });

  it('never writes the password to the log', async () => {
    const device = t.auth.enrol();
    await refusalCode(t, deviceOptions({ ...device, secret: 'hunter2-wrong-secret' }));
    await connectDevice(t, device);
    await waitFor(() => t.connections.length > 0, 'connection');
    expect(t.rawLog()).not.toContain('hunter2-wrong-secret');
    expect(t.rawLog()).not.toContain(device.secret);
    expect(t.rawLog()).toContain(device.deviceId);
  });
});
