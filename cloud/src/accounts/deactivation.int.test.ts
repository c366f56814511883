import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolTestDevice } from '../../test/devices.js';
import { createCitizen, createMunicipality, createStaff, sessionFor } from '../../test/fixtures.js';
import { openWs } from '../../test/kits/ws.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { auditLogTable } from '../db/index.js';
import { CLOSE_ACCESS_ENDED } from './deactivator.js';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  await t?.close();
});

async function people() {
  const m = await createMunicipality(t);
  const support = await createStaff(t, m.id, 'support');
  const nurse = await createStaff(t, m.id, 'staff');
  const supportSession = await sessionFor(t, { kind: 'staff', id: support.id, municipalityId: m.id });
  const nurseSession = await sessionFor(t, { kind: 'staff', id: nurse.id, municipalityId: m.id });
  return { m, support, nurse, supportSession, nurseSession };
}

const post = (path: string, headers: Record<string, string>) =>
  fetch(`${t.base}${path}`, { method: 'POST', headers });

describe('the signalling WebSocket', () => {
  it('refuses an upgrade without a session with 401', async () => {
    await expect(openWs(t, { origin: t.base })).rejects.toThrow('http 401');
  });

  it('refuses a logged-in upgrade from another origin (cross-site WebSocket hijacking) with 403', async () => {
    const { nurseSession } = await people();
    await expect(
      openWs(t, { cookie: nurseSession.headers.cookie!, origin: 'https://evil.example' }),
    ).rejects.toThrow('http 403');
    await expect(openWs(t, { cookie: nurseSession.headers.cookie! })).rejects.toThrow('http 403');
  });

  it('refuses a session that has not finished its second factor', async () => {
    const { m, nurse } = await people();
    const pending = await sessionFor(
      t,
      { kind: 'staff', id: nurse.id, municipalityId: m.id },
      'second_factor',
    );
    await expect(openWs(t, { cookie: pending.headers.cookie!, origin: t.base })).rejects.toThrow('http 401');
  });

  it('admits a full session from our own origin', async () => {
    const { nurseSession } = await people();
    const socket = await openWs(t, { cookie: nurseSession.headers.cookie!, origin: t.base });
    socket.ws.close();
  });
});

describe('deactivation takes effect within 1 s', () => {
  it('closes a disabled staff member’s live WebSocket and refuses the old cookie', async () => {
    const { support, nurse, supportSession, nurseSession } = await people();
    const socket = await openWs(t, { cookie: nurseSession.headers.cookie!, origin: t.base });
    const started = Date.now();
    const response = await post(`/api/staff/${nurse.id}/disable`, supportSession.headers);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ changed: true, sessionsRevoked: 1, connectionsClosed: 1 });
    const closed = await socket.closed;
    expect(closed.code).toBe(CLOSE_ACCESS_ENDED);
    expect(closed.at - started).toBeLessThan(1_000);

    const next = await fetch(`${t.base}/api/auth/logout-everywhere`, {
      method: 'POST',
      headers: nurseSession.headers,
    });
    expect(next.status).toBe(401);
    await expect(openWs(t, { cookie: nurseSession.headers.cookie!, origin: t.base })).rejects.toThrow(
      'http 401',
    );
    const audit = await t.cloud.db.db.select().from(auditLogTable);
    expect(
      audit.some((a) => a.action === 'staff.disabled' && a.targetId === nurse.id && a.actorId === support.id),
    ).toBe(true);
  });

  it('closes a disabled citizen’s live WebSocket', async () => {
    const { m, supportSession } = await people();
    const citizen = await createCitizen(t, m.id);
    const session = await sessionFor(t, { kind: 'citizen', id: citizen.id, municipalityId: m.id });
    const socket = await openWs(t, { cookie: session.headers.cookie!, origin: t.base });
    const started = Date.now();
    expect((await post(`/api/citizens/${citizen.id}/disable`, supportSession.headers)).status).toBe(200);
    const closed = await socket.closed;
    expect(closed.code).toBe(CLOSE_ACCESS_ENDED);
    expect(closed.at - started).toBeLessThan(1_000);
  });

  it('cuts a revoked device’s MQTT connection and refuses it at reconnect', async () => {
    const device = await enrolTestDevice(t, `REVOKE-${Date.now()}`);
    const support = await createStaff(t, device.municipalityId, 'support', {});
    // enrolTestDevice makes a municipality without staff networks: give support loopback access.
    const { sql } = await import('drizzle-orm');
    await t.cloud.db.db.execute(
      sql`update municipalities set settings = '{"staffNetworks":["127.0.0.0/8","::1/128"]}' where id = ${device.municipalityId}`,
    );
    const headers = (
      await sessionFor(t, { kind: 'staff', id: support.id, municipalityId: device.municipalityId })
    ).headers;
    const options = {
      clientId: device.deviceId,
      username: device.deviceId,
      password: device.mqttPassword,
      reconnectPeriod: 0,
    };
    const client: MqttClient = await connectAsync(`mqtt://127.0.0.1:${t.cloud.ports.mqtt}`, options);
    const gone = new Promise<number>((resolve) => client.once('close', () => resolve(Date.now())));
    const started = Date.now();
    expect((await post(`/api/devices/${device.deviceId}/revoke`, headers)).status).toBe(200);
    expect((await gone) - started).toBeLessThan(1_000);
    await expect(connectAsync(`mqtt://127.0.0.1:${t.cloud.ports.mqtt}`, options)).rejects.toThrow(
      /not authorized|bad user ?name or password/i,
    );
    await client.endAsync(true);
  });
});

describe('who may disable', () => {
  it('refuses plain staff, and support of another municipality (as not found)', async () => {
    const a = await people();
    const b = await people();
    expect((await post(`/api/staff/${a.nurse.id}/disable`, a.nurseSession.headers)).status).toBe(403);
    expect((await post(`/api/staff/${a.nurse.id}/disable`, b.supportSession.headers)).status).toBe(404);
    const citizen = await createCitizen(t, a.m.id);
    expect((await post(`/api/citizens/${citizen.id}/disable`, b.supportSession.headers)).status).toBe(404);
    const device = await enrolTestDevice(t, `OTHER-${Date.now()}`);
    expect((await post(`/api/devices/${device.deviceId}/revoke`, b.supportSession.headers)).status).toBe(404);
    const still = await fetch(`${t.base}/api/accounts/inactive`, { headers: a.nurseSession.headers });
    expect(still.status).toBe(403);
  });

  it('refuses support disabling itself', async () => {
    const { support, supportSession } = await people();
    expect((await post(`/api/staff/${support.id}/disable`, supportSession.headers)).status).toBe(409);
  });
});
