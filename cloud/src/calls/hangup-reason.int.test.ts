import { deviceTopic, type ServerMessage } from '@screenvisit/protocol';
import { eq } from 'drizzle-orm';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolTestDevice } from '../../test/devices.js';
import { careWorld, connect, until } from '../../test/kits/calls.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { callRecordsTable, devicesTable } from '../db/index.js';

let t: TestCloud;
let kiosk: MqttClient | undefined;
beforeAll(async () => {
  t = await startTestCloud({ CALL_PERMISSION_RECHECK_SECONDS: '0' });
});
afterAll(async () => {
  await kiosk?.endAsync(true);
  await t?.close();
});

const callIdOf = (m: ServerMessage) => (m as { callId: string }).callId;

describe('a kiosk that lost the media of its call', () => {
  it('hangs up with reason failed: the staff page and the call record say the connection failed, not that she hung up', async () => {
    const w = await careWorld(t);
    const device = await enrolTestDevice(t, `HANGUP-REASON-${Date.now()}`);
    await t.cloud.db.db
      .update(devicesTable)
      .set({ citizenId: w.home.id })
      .where(eq(devicesTable.id, device.deviceId));
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
    nurse.send({ type: 'call.place', requestId: 'lost1', to: { kind: 'citizen', id: w.home.id } });
    await until(() => down.some((m) => m.type === 'call.incoming'), 'kiosk ringing');
    const callId = callIdOf(down.find((m) => m.type === 'call.incoming')!);
    await up({ type: 'call.accept', callId });
    await nurse.next('call.accepted');

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
