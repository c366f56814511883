import { deviceTopic, encode } from '@screenvisit/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  closed,
  connectDevice,
  NOW,
  nextMessage,
  retainedState,
  startTestBroker,
  stopTestBroker,
  subackCodes,
  type TestBroker,
  waitFor,
} from '../../../test/kits/broker.js';

const identify = (id: string) => ({ v: 1, id, issuedAt: NOW, type: 'identify', seconds: 5 }) as const;
const online = encode({ v: 1, status: 'online', state: 'idle', at: NOW });

describe('MQTT broker: a device reaches only its own topics', () => {
  let t: TestBroker;
  beforeEach(async () => {
    t = await startTestBroker();
  });
  afterEach(async () => {
    await stopTestBroker(t);
  });

  it("refuses a device that subscribes to another device's commands (granted 128) and never delivers them", async () => {
    const a = t.auth.enrol();
    const b = t.auth.enrol();
    const clientA = await connectDevice(t, a);
    const clientB = await connectDevice(t, b);

    const granted = await subackCodes(clientA, {
      [deviceTopic(b.deviceId, 'cmd')]: { qos: 1 },
      [deviceTopic(b.deviceId, 'sig/down')]: { qos: 1 },
      'sv/v1/d/+/cmd': { qos: 1 },
      '#': { qos: 0 },
      '$SYS/#': { qos: 0 },
      [deviceTopic(a.deviceId, 'cmd')]: { qos: 1 },
    });
    expect(granted).toEqual([128, 128, 128, 128, 128, 1]);
    await clientB.subscribeAsync(deviceTopic(b.deviceId, 'cmd'), { qos: 1 });

    const seenByA: string[] = [];
    clientA.on('message', (topic) => seenByA.push(topic));
    const toB = nextMessage(clientB, deviceTopic(b.deviceId, 'cmd'));
    await t.broker.publishToDevice(b.deviceId, 'cmd', identify(b.deviceId));
    await toB;
    // B's command arrived, so A would have had it by now if the ACL leaked.
    expect(seenByA).toEqual([]);
    expect(clientA.connected).toBe(true);
  });

  it("refuses a device that subscribes to its own upstream topics (it must not read its state or another's)", async () => {
    const a = t.auth.enrol();
    const clientA = await connectDevice(t, a);
    const granted = await subackCodes(clientA, {
      [deviceTopic(a.deviceId, 'state')]: { qos: 1 },
      [deviceTopic(a.deviceId, 'sig/up')]: { qos: 1 },
    });
    expect(granted).toEqual([128, 128]);
  });

  it("cuts off a device that publishes on another device's topic, and the message reaches no one", async () => {
    const a = t.auth.enrol();
    const b = t.auth.enrol();
    const clientA = await connectDevice(t, a);
    const clientB = await connectDevice(t, b);
    const cut = closed(clientA);

    clientA.publish(deviceTopic(b.deviceId, 'state'), online, { qos: 1, retain: true });
    await cut;

    expect(t.messages.filter((m) => m.deviceId === b.deviceId)).toEqual([]);
    expect(await retainedState(t, b.deviceId)).toBeNull();
    const refusal = t.logs.find((l) => l.msg === 'refused MQTT publish: topic not allowed');
    expect(refusal).toMatchObject({ deviceId: a.deviceId });
    // B is unaffected.
    expect(clientB.connected).toBe(true);
  });

  it("never publishes a will that a device aimed at another device's state", async () => {
    const a = t.auth.enrol();
    const b = t.auth.enrol();
    const clientA = await connectDevice(t, a, {
      extra: {
        will: { topic: deviceTopic(b.deviceId, 'state'), payload: Buffer.from(online), qos: 1, retain: true },
      },
    });
    clientA.stream.destroy();
    await waitFor(() => t.logs.some((l) => l.msg === 'refused MQTT publish: topic not allowed'), 'refusal');
    expect(t.connections.at(-1)).toEqual({ deviceId: a.deviceId, connected: false });
    expect(t.messages).toEqual([]);
    expect(await retainedState(t, b.deviceId)).toBeNull();
  });

  it('cuts off a device that publishes its state with QoS 0 (the agent uses QoS 1 there), and takes QoS 0 heartbeats and acks', async () => {
    const a = t.auth.enrol();
    const qos0 = (m: { msg: string }) => m.msg === 'refused MQTT publish: QoS too low for the channel';
    const device = await connectDevice(t, a);
    device.publish(
      deviceTopic(a.deviceId, 'hb'),
      encode({ v: 1, uptimeS: 1, software: '1', engine: 'none', at: NOW }),
      { qos: 0 },
    );
    await waitFor(() => t.messages.some((m) => m.channel === 'hb'), 'the QoS 0 heartbeat handled');
    // An ack at QoS 0 (a config.apply's, protocol ACK_QOS) is handed on with its QoS: which command it may
    // settle is the device link's to decide from the outbox (devices/link.ts; a wipe's needs QoS 1).
    const ack = { v: 1, commandId: crypto.randomUUID(), status: 'applied', at: NOW } as const;
    device.publish(deviceTopic(a.deviceId, 'ack'), encode(ack), { qos: 0 });
    await waitFor(() => t.messages.some((m) => m.channel === 'ack'), 'the QoS 0 ack handled');
    expect(t.messages.find((m) => m.channel === 'ack')).toEqual({
      deviceId: a.deviceId,
      channel: 'ack',
      message: ack,
      qos: 0,
    });
    expect(device.connected).toBe(true);

    device.publish(deviceTopic(a.deviceId, 'state'), online, { qos: 0 });
    await waitFor(() => !device.connected, 'the connection cut for a QoS 0 state');

    // It did not reach the cloud; only the device's own offline will (QoS 1) did.
    expect(t.messages.filter((m) => m.channel === 'state' && m.message.status !== 'offline')).toEqual([]);
    await waitFor(() => t.logs.filter(qos0).length === 1, 'the refusal logged');
    expect(t.logs.filter(qos0)).toMatchObject([
      { deviceId: a.deviceId, channel: 'state', qos: 0, reason: 'state is published with QoS 1' },
    ]);
  });

  it('cuts off a device that publishes on $SYS or on a channel only the cloud writes', async () => {
    const a = t.auth.enrol();
    const sys = await connectDevice(t, a);
    const cutSys = closed(sys);
    sys.publish('$SYS/screenvisit/fake', 'x');
    await cutSys;

    const again = await connectDevice(t, a);
    const cutCmd = closed(again);
    again.publish(
      deviceTopic(a.deviceId, 'cmd'),
      encode({ v: 1, id: a.deviceId, issuedAt: NOW, type: 'wipe' }),
      {
        qos: 1,
      },
    );
    await cutCmd;
    // Only the device's own offline wills (it was dropped, not disconnected) reached the cloud.
    expect(t.messages.filter((m) => !(m.channel === 'state' && m.message.status === 'offline'))).toEqual([]);
    await waitFor(
      () => t.logs.filter((l) => l.msg === 'refused MQTT publish: topic not allowed').length === 2,
      'logs',
    );
  });
});
