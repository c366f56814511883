import { deviceTopic, type ServerMessage, systemClock } from '@screenvisit/protocol';
import { eq } from 'drizzle-orm';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { enrolTestDevice } from '../../test/devices.js';
import { careWorld, connect, until } from '../../test/kits/calls.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { callRecordsTable, devicesTable } from '../db/index.js';
import { KIOSK_ICE_REQUESTS_PER_MINUTE } from './ice-refresh.js';

let t: TestCloud;
let kiosk: MqttClient | undefined;
/** The cloud's clock runs this far ahead of real time: credentials issued later expire later. */
let aheadMs = 0;
beforeAll(async () => {
  t = await startTestCloud(
    {
      CALL_PERMISSION_RECHECK_SECONDS: '0',
      // Only issued, never used here (no coturn): the usernames say when the credentials expire.
      TURN_URLS: 'turn:127.0.0.1:3478?transport=udp',
      TURN_SECRET: 'kiosk-mid-call-static-auth-secret',
      TURN_TTL_SECONDS: '60',
    },
    { clock: { ...systemClock, now: () => Date.now() + aheadMs } },
  );
});
afterAll(async () => {
  await kiosk?.endAsync(true);
  await t?.close();
});

const callIdOf = (m: ServerMessage) => (m as { callId: string }).callId;

/** A kiosk over MQTT for a citizen of a new care world, and the nurse's page. */
async function kioskCall(label: string) {
  const w = await careWorld(t);
  const device = await enrolTestDevice(t, `${label}-${Date.now()}`);
  await t.cloud.db.db
    .update(devicesTable)
    .set({ citizenId: w.home.id })
    .where(eq(devicesTable.id, device.deviceId));
  await kiosk?.endAsync(true);
  kiosk = await connectAsync(`mqtt://127.0.0.1:${t.cloud.ports.mqtt}`, {
    clientId: device.deviceId,
    username: device.deviceId,
    password: device.mqttPassword,
    reconnectPeriod: 0,
  });
  const down: ServerMessage[] = [];
  kiosk.on('message', (_topic, payload) => down.push(JSON.parse(String(payload)) as ServerMessage));
  await kiosk.subscribeAsync(deviceTopic(device.deviceId, 'sig/down'), { qos: 1 });
  const up = (message: object) =>
    kiosk!.publishAsync(deviceTopic(device.deviceId, 'sig/up'), JSON.stringify({ v: 1, ...message }), {
      qos: 1,
    });
  const nurse = await connect(t, w.nurse);
  nurse.send({ type: 'call.place', requestId: label, to: { kind: 'citizen', id: w.home.id } });
  await until(() => down.some((m) => m.type === 'call.incoming'), 'kiosk ringing');
  const callId = callIdOf(down.find((m) => m.type === 'call.incoming')!);
  await up({ type: 'call.accept', callId });
  await nurse.next('call.accepted');
  return { w, down, up, nurse, callId };
}

describe('a kiosk whose call the cloud resumes', () => {
  it('gets a fresh rtc.config just before the repeated call.accepted, for the connection it rebuilds', async () => {
    const { w, down, nurse, callId } = await kioskCall('RESUME-ICE');
    await until(() => down.some((m) => m.type === 'call.accepted'), 'accepted at the kiosk');
    expect(down.filter((m) => m.type === 'rtc.config')).toHaveLength(1);
    // The nurse's page reloads: its socket goes, and it comes back with its resume token.
    nurse.ws.terminate();
    await until(
      () => t.cloud.calls.liveCalls().some((c) => c.callId === callId && c.state === 'reconnecting'),
      'reconnecting',
    );
    const again = await connect(t, w.nurse, nurse.resumeToken);
    await until(() => down.filter((m) => m.type === 'call.accepted').length === 2, 'accepted again');
    const types = down.map((m) => m.type);
    expect(types.filter((type) => type === 'rtc.config')).toHaveLength(2);
    expect(types.lastIndexOf('rtc.config')).toBe(types.lastIndexOf('call.accepted') - 1);
    again.ws.close();
  });
});

describe('a kiosk whose TURN credentials expired in a long call', () => {
  const expiryOf = (m: ServerMessage) =>
    m.type === 'rtc.config' ? Number(m.iceServers[0]?.username?.split(':')[0]) : Number.NaN;

  it('asks with rtc.config.request and gets freshly issued servers for its call; a call not its own gets unknown_call', async () => {
    const { down, up, nurse, callId } = await kioskCall('ICE-REFRESH');
    await until(() => down.some((m) => m.type === 'rtc.config'), 'the first rtc.config');
    const first = expiryOf(down.find((m) => m.type === 'rtc.config')!);
    expect(first).toBeGreaterThan(0);

    onTestFinished(() => {
      aheadMs = 0;
    });
    aheadMs = 2 * 60_000; // two minutes into the call: the first credentials (60 s) have expired
    await up({ type: 'rtc.config.request', callId });
    await until(() => down.filter((m) => m.type === 'rtc.config').length === 2, 'a fresh rtc.config');
    const fresh = down.filter((m) => m.type === 'rtc.config')[1]!;
    expect(callIdOf(fresh)).toBe(callId);
    expect(expiryOf(fresh) - first).toBeGreaterThanOrEqual(2 * 60 - 1);
    expect(fresh).toMatchObject({ iceTransportPolicy: 'all' });

    await up({ type: 'rtc.config.request', callId: '00000000-0000-4000-8000-00000000dead' });
    await until(() => down.some((m) => m.type === 'error' && m.code === 'unknown_call'), 'unknown_call');
    expect(down.filter((m) => m.type === 'rtc.config')).toHaveLength(2);
    nurse.ws.close();
  });
});

describe('a kiosk that asks for ICE servers', () => {
  const configs = (down: ServerMessage[]) => down.filter((m) => m.type === 'rtc.config').length;
  const refusals = (down: ServerMessage[]) =>
    down.filter((m) => m.type === 'error' && m.code === 'rate_limited');

  it('is answered for every request of a working kiosk, and refused with rate_limited beyond the minute’s limit', async () => {
    const { down, up, nurse, callId } = await kioskCall('ICE-LIMIT');
    await until(() => configs(down) === 1, 'the rtc.config before call.accepted');
    // Normal use: a restart now and then, each answered with freshly issued servers.
    await up({ type: 'rtc.config.request', callId });
    await until(() => configs(down) === 2, 'the answer to a normal request');
    // A broken or hostile kiosk asks in a loop: a burst well beyond what restarts ever need.
    for (let i = 0; i < KIOSK_ICE_REQUESTS_PER_MINUTE + 5; i++)
      await up({ type: 'rtc.config.request', callId });
    await until(() => refusals(down).length === 6, 'the refusals');
    // Exactly the limit was answered in the minute (the first, kiosk-side request included), no more.
    expect(configs(down)).toBe(1 + KIOSK_ICE_REQUESTS_PER_MINUTE);
    expect(refusals(down)[0]).toMatchObject({ message: expect.stringMatching(/Try again in \d+ s\./) });
    // The other messages of the call still go through: the nurse hangs up and the kiosk hears of it.
    nurse.send({ type: 'call.hangup', callId });
    await until(() => down.some((m) => m.type === 'call.ended'), 'call.ended at the kiosk');
    nurse.ws.close();
  });

  it('counts per kiosk: another kiosk’s requests are answered meanwhile', async () => {
    const first = await kioskCall('ICE-LIMIT-A');
    for (let i = 0; i < KIOSK_ICE_REQUESTS_PER_MINUTE + 1; i++)
      await first.up({ type: 'rtc.config.request', callId: first.callId });
    await until(() => refusals(first.down).length === 1, 'the first kiosk refused');
    first.nurse.ws.close();
    const second = await kioskCall('ICE-LIMIT-B');
    await until(() => configs(second.down) === 1, 'the rtc.config before call.accepted');
    await second.up({ type: 'rtc.config.request', callId: second.callId });
    await until(() => configs(second.down) === 2, 'the second kiosk answered');
    expect(refusals(second.down)).toEqual([]);
    second.nurse.ws.close();
  });
});

describe('a kiosk that lost the media of its call', () => {
  it('hangs up with reason failed: the staff page and the call record say the connection failed, not that she hung up', async () => {
    const { down, up, nurse, callId } = await kioskCall('HANGUP-REASON');
    await up({ type: 'call.hangup', callId, reason: 'failed' });
    expect(await nurse.next('call.ended')).toMatchObject({ callId, reason: 'failed' });
    await until(
      () => down.some((m) => m.type === 'call.ended' && m.reason === 'failed'),
      'the kiosk told too',
    );
    const record = async () =>
      (await t.cloud.db.db.select().from(callRecordsTable).where(eq(callRecordsTable.callId, callId)))[0];
    await until(async () => (await record())?.endReason === 'failed', 'the call record closed as failed');
    nurse.ws.close();
  });
});
