import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deviceTopic, Heartbeat } from '@screenvisit/protocol';
import { FakeClock } from '@screenvisit/protocol/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fullJitterBackoff } from './backoff.js';
import { readTemperature, startHeartbeat } from './heartbeat.js';
import { type MqttSession, startMqttSession } from './mqtt-session.js';
import { type CloudDouble, collect, startCloudDouble } from './testing/cloud-double.js';

// A real aedes broker; the device credential comes from the local enrolment double.
let cloud: CloudDouble;
let dir: string;

beforeAll(async () => {
  cloud = await startCloudDouble();
  dir = await mkdtemp(join(tmpdir(), 'sv-thermal-'));
});
afterAll(async () => {
  await cloud.close();
  await rm(dir, { recursive: true, force: true });
});

async function enrolledSession(clock: FakeClock): Promise<{ session: MqttSession; deviceId: string }> {
  const res = await fetch(new URL('/api/devices/enrol', cloud.cloudUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: cloud.issueCode(), hardwareId: 'hb-test' }),
  });
  const { deviceId, mqttPassword } = (await res.json()) as { deviceId: string; mqttPassword: string };
  let online = false;
  const session = startMqttSession({
    url: cloud.mqttUrl,
    deviceId,
    password: mqttPassword,
    clock,
    policy: fullJitterBackoff(),
    log: pino({ level: 'silent' }),
    onOnline: () => {
      online = true;
    },
    onOffline: () => {},
    onMessage: () => {},
    onRevoked: () => {},
  });
  await vi.waitFor(() => expect(online).toBe(true));
  return { session, deviceId };
}

describe('heartbeat', () => {
  it('reads the SoC temperature from millidegrees, and nothing where there is no sensor', async () => {
    const zone = join(dir, 'temp');
    await writeFile(zone, '48312\n');
    expect(await readTemperature(zone)).toBe(48.3);
    expect(await readTemperature(join(dir, 'missing'))).toBeUndefined();
  });

  it('publishes a valid heartbeat every interval, with the previous round trip from the second on', async () => {
    const clock = new FakeClock();
    const { session, deviceId } = await enrolledSession(clock);
    const beats = await collect(cloud.observer, deviceTopic(deviceId, 'hb'));
    const heartbeat = startHeartbeat({
      clock,
      intervalMs: 30_000,
      session,
      software: 'screenvisit-kiosk/test',
      engine: () => 'none',
      temperature: async () => 51.2,
      log: pino({ level: 'silent' }),
    });
    clock.advance(29_999);
    await new Promise((r) => setTimeout(r, 100));
    expect(beats).toEqual([]);
    clock.advance(1);
    await vi.waitFor(() => expect(beats).toHaveLength(1));
    clock.advance(30_000);
    await vi.waitFor(() => expect(beats).toHaveLength(2));
    heartbeat.stop();
    await session.close();
    const [first, second] = beats.map((b) => Heartbeat.parse(b));
    expect(first).toMatchObject({
      uptimeS: 30,
      engine: 'none',
      temperatureC: 51.2,
      software: 'screenvisit-kiosk/test',
    });
    expect(first?.rttMs).toBeUndefined();
    expect(second).toMatchObject({ uptimeS: 60, rttMs: expect.any(Number) });
  });
});
