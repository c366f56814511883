import { deviceTopic } from '@screenvisit/protocol';
import { eq } from 'drizzle-orm';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { enrolTestDevice } from '../../test/devices.js';
import { createMunicipality, createStaff, sessionFor } from '../../test/fixtures.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { devicesTable } from '../db/index.js';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  await t?.close();
});

const json = async (path: string, init?: RequestInit) => {
  const response = await fetch(`${t.base}${path}`, init);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
};

describe('the cloud over HTTP', () => {
  it('is alive and ready when the database and broker are', async () => {
    expect((await json('/healthz')).status).toBe(200);
    const ready = await json('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({
      status: 'ready',
      node: t.cloud.nodeId,
      checks: { database: 'ok', broker: 'ok', cluster: 'ok' },
    });
  });

  it('publishes an OpenAPI document built from the route schemas, and a reference page', async () => {
    const doc = JSON.parse((await json('/api/openapi.json')).body) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/readyz', '/api/status', '/api/devices/enrol']),
    );
    const page = await json('/api/docs');
    expect(page.status).toBe(200);
    expect(page.body).toContain('/api/docs/init.js');
    expect((await json('/api/docs/init.js')).body).toContain('/api/openapi.json');
    expect((await json('/api/docs/assets/swagger-ui-bundle.js')).status).toBe(200);
  });

  it('answers unknown paths with RFC 9457 problem+json', async () => {
    const response = await json('/api/nothing-here');
    expect(response.status).toBe(404);
    expect(response.type).toBe('application/problem+json');
    expect(JSON.parse(response.body)).toMatchObject({
      type: '/problems/not_found',
      status: 404,
      instance: '/api/nothing-here',
    });
  });

  it('rejects invalid input field by field without echoing it or leaking a stack trace', async () => {
    const response = await json('/api/devices/enrol', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'not a code', hardwareId: '', cpr: '010101-1234' }),
    });
    expect(response.status).toBe(400);
    expect(response.type).toBe('application/problem+json');
    const problem = JSON.parse(response.body) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['code', 'hardwareId']));
    expect(response.body).not.toMatch(/010101|not a code|at .*\.ts/);
  });

  it('answers malformed JSON and oversized bodies with a problem, not a 500', async () => {
    const malformed = await json('/api/devices/enrol', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"code":',
    });
    expect(malformed.status).toBe(400);
    const huge = await json('/api/devices/enrol', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'x'.repeat(200_000) }),
    });
    expect(huge.status).toBe(413);
    expect(huge.type).toBe('application/problem+json');
  });

  it('refuses a used enrolment code with 410', async () => {
    const { code } = await enrolTestDevice(t, 'HTTP-1');
    const again = await json('/api/devices/enrol', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, hardwareId: 'hw-HTTP-1' }),
    });
    expect(again.status).toBe(410);
    expect(JSON.parse(again.body)).toMatchObject({ type: '/problems/gone' });
  });
});

/** Signalling needs a logged-in person: a staff member with a full session, from our own origin. */
async function openSocket(): Promise<{
  ws: WebSocket;
  messages: Record<string, unknown>[];
  closed: Promise<number>;
}> {
  const municipality = await createMunicipality(t);
  const staff = await createStaff(t, municipality.id);
  const { headers } = await sessionFor(t, { kind: 'staff', id: staff.id, municipalityId: municipality.id });
  const ws = new WebSocket(`${t.base.replace('http', 'ws')}/ws`, {
    headers: { cookie: headers.cookie!, origin: t.base },
  });
  const messages: Record<string, unknown>[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages, closed }));
    ws.once('error', reject);
  });
}

async function until(predicate: () => boolean, what: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('call signalling over WebSocket', () => {
  it('rejects a malformed frame with a reason, logs it, and keeps serving that client and everyone else', async () => {
    const a = await openSocket();
    const b = await openSocket();
    a.ws.send('{"v":1,"type":"call.teleport"}');
    a.ws.send('not json at all');
    await until(() => a.messages.length >= 2, 'two error replies');
    expect(a.messages[0]).toMatchObject({ type: 'error', code: 'invalid_message' });
    expect(t.logs.some((l) => l.msg === 'signalling frame rejected')).toBe(true);

    a.ws.send(JSON.stringify({ v: 1, type: 'ping', nonce: 7 }));
    b.ws.send(JSON.stringify({ v: 1, type: 'hello' }));
    await until(
      () => a.messages.some((m) => m.type === 'pong') && b.messages.some((m) => m.type === 'welcome'),
      'replies',
    );
    expect(a.ws.readyState).toBe(WebSocket.OPEN);
    a.ws.close();
    b.ws.close();
  });

  it('closes a flooding connection with 1008 while others keep working', async () => {
    const flooder = await openSocket();
    const bystander = await openSocket();
    for (let i = 0; i < 500; i++) flooder.ws.send(JSON.stringify({ v: 1, type: 'ping', nonce: i }));
    expect(await flooder.closed).toBe(1008);
    bystander.ws.send(JSON.stringify({ v: 1, type: 'ping', nonce: 1 }));
    await until(() => bystander.messages.some((m) => m.type === 'pong'), 'bystander pong');
    bystander.ws.close();
  });

  it('refuses upgrades on other paths instead of hanging', async () => {
    const ws = new WebSocket(`${t.base.replace('http', 'ws')}/not-signalling`);
    const outcome = await new Promise<string>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(`http ${res.statusCode}`));
      ws.on('error', (e) => resolve(`error ${e.message}`));
    });
    expect(outcome).toMatch(/404/);
  });
});

describe('devices over MQTT', () => {
  const clients: MqttClient[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
  });

  const connect = async (deviceId: string, password: string) => {
    const client = await connectAsync(`mqtt://127.0.0.1:${t.cloud.ports.mqtt}`, {
      clientId: deviceId,
      username: deviceId,
      password,
      reconnectPeriod: 0,
    });
    clients.push(client);
    return client;
  };

  const stateOf = async (deviceId: string) =>
    (await t.cloud.db.db.select().from(devicesTable).where(eq(devicesTable.id, deviceId)))[0]!;

  it('marks an enrolled kiosk online, and ignores a malformed payload while serving other devices', async () => {
    const good = await enrolTestDevice(t, 'MQTT-GOOD');
    const bad = await enrolTestDevice(t, 'MQTT-BAD');
    const badClient = await connect(bad.deviceId, bad.mqttPassword);
    await badClient.publishAsync(deviceTopic(bad.deviceId, 'state'), '{"v":1,"status":"sideways"}', {
      qos: 1,
      retain: true,
    });
    await badClient.publishAsync(deviceTopic(bad.deviceId, 'hb'), Buffer.from([0xff, 0x00, 0x13]), {
      qos: 1,
    });

    const goodClient = await connect(good.deviceId, good.mqttPassword);
    await goodClient.publishAsync(
      deviceTopic(good.deviceId, 'state'),
      JSON.stringify({ v: 1, status: 'online', state: 'asleep', engine: 'none', software: '0.1.0' }),
      { qos: 1, retain: true },
    );
    await until(() => t.logs.some((l) => l.msg === 'device state'), 'anything', 50).catch(() => undefined);
    let row = await stateOf(good.deviceId);
    for (let i = 0; i < 100 && row.state !== 'asleep'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      row = await stateOf(good.deviceId);
    }
    expect(row).toMatchObject({ online: true, state: 'asleep', software: '0.1.0' });
    expect((await stateOf(bad.deviceId)).state).toBeNull();
    expect(JSON.stringify(t.logs)).toMatch(/rejected|malformed/i);
    expect(badClient.connected).toBe(true);
    // Presence is written in bulk every DEVICE_TELEMETRY_FLUSH_MS; idle() writes what is pending now.
    await t.cloud.deviceLink.idle();
    const status = JSON.parse((await json('/api/status')).body) as { devices: { online: number } };
    expect(status.devices.online).toBeGreaterThanOrEqual(2);
  });

  it('refuses a wrong password at CONNECT', async () => {
    const device = await enrolTestDevice(t, 'MQTT-WRONG');
    await expect(connect(device.deviceId, 'x'.repeat(43))).rejects.toThrow(/bad user ?name or password/i);
  });
});
