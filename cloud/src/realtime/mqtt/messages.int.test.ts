import { type DeviceCommand, deviceTopic, encode } from '@screenvisit/protocol';
import { connect } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  brokerUrl,
  closed,
  connectDevice,
  deviceOptions,
  NOW,
  nextMessage,
  retainedState,
  startTestBroker,
  stopTestBroker,
  subackCodes,
  type TestBroker,
  waitFor,
} from '../../../test/kits/broker.js';

const heartbeat = { v: 1, uptimeS: 42, software: '1.0.0', engine: 'wrtc', at: NOW } as const;
const online = { v: 1, status: 'online', state: 'idle', at: NOW } as const;
const identify = (id: string): DeviceCommand => ({ v: 1, id, issuedAt: NOW, type: 'identify', seconds: 5 });

describe('MQTT broker: device messages', () => {
  let t: TestBroker;
  beforeEach(async () => {
    t = await startTestBroker();
  });
  afterEach(async () => {
    await stopTestBroker(t);
  });

  it('hands every valid device message to onDeviceMessage, decoded and typed by channel', async () => {
    const a = t.auth.enrol();
    const client = await connectDevice(t, a);
    const callId = crypto.randomUUID();
    await client.publishAsync(deviceTopic(a.deviceId, 'state'), encode(online), { qos: 1, retain: true });
    await client.publishAsync(deviceTopic(a.deviceId, 'hb'), encode(heartbeat), { qos: 0 });
    await client.publishAsync(
      deviceTopic(a.deviceId, 'ack'),
      encode({ v: 1, commandId: callId, status: 'applied', at: NOW }),
      { qos: 1 },
    );
    await client.publishAsync(
      deviceTopic(a.deviceId, 'sig/up'),
      encode({ v: 1, type: 'call.accept', callId }),
      {
        qos: 1,
      },
    );
    await waitFor(() => t.messages.length === 4, 'four messages');
    expect(t.messages).toEqual([
      { deviceId: a.deviceId, channel: 'state', message: online },
      { deviceId: a.deviceId, channel: 'hb', message: heartbeat },
      {
        deviceId: a.deviceId,
        channel: 'ack',
        message: { v: 1, commandId: callId, status: 'applied', at: NOW },
        qos: 1,
      },
      { deviceId: a.deviceId, channel: 'sig/up', message: { v: 1, type: 'call.accept', callId } },
    ]);
  });

  it('retains no device message, state included: the cloud keeps device state in its own store', async () => {
    const a = t.auth.enrol();
    const client = await connectDevice(t, a);
    await client.publishAsync(deviceTopic(a.deviceId, 'state'), encode(online), { qos: 1, retain: true });
    await client.publishAsync(deviceTopic(a.deviceId, 'hb'), encode(heartbeat), { qos: 1, retain: true });
    await waitFor(() => t.messages.length === 2, 'two messages');
    expect(t.messages[0]).toEqual({ deviceId: a.deviceId, channel: 'state', message: online });
    expect(await retainedState(t, a.deviceId)).toBeNull();
    const retainedHb = [];
    for await (const packet of t.persistence.createRetainedStream(deviceTopic(a.deviceId, 'hb')))
      retainedHb.push(packet);
    expect(retainedHb).toEqual([]);
  });

  it('rejects and logs a malformed state while another device keeps exchanging messages', async () => {
    const a = t.auth.enrol();
    const b = t.auth.enrol();
    const clientA = await connectDevice(t, a);
    const clientB = await connectDevice(t, b);
    await clientB.subscribeAsync(deviceTopic(b.deviceId, 'cmd'), { qos: 1 });
    await clientA.publishAsync(deviceTopic(a.deviceId, 'state'), encode(online), { qos: 1, retain: true });
    await waitFor(() => t.messages.length === 1, 'first state');

    // QoS 1: MQTT.js resolves on PUBACK, so the broker acknowledged it.
    const secretish = 'resident-name-Jensen';
    await clientA.publishAsync(
      deviceTopic(a.deviceId, 'state'),
      encode({ v: 1, status: 'sideways', note: secretish }),
      {
        qos: 1,
        retain: true,
      },
    );
    await clientA.publishAsync(deviceTopic(a.deviceId, 'state'), 'not json at all', { qos: 1, retain: true });

    const rejected = t.logs.filter((l) => l.msg === 'rejected malformed device message');
    expect(rejected).toHaveLength(2);
    expect(rejected[0]).toMatchObject({ deviceId: a.deviceId, topic: deviceTopic(a.deviceId, 'state') });
    expect(rejected[0]?.reason).toMatch(/status/);
    expect(rejected[1]?.reason).toBe('not JSON');
    expect(t.rawLog()).not.toContain(secretish);
    // Not delivered: the last good state stands.
    expect(t.messages).toHaveLength(1);
    // The sender stays connected (acknowledge-and-drop) ...
    expect(clientA.connected).toBe(true);
    // ... and the broker keeps serving everyone else, both ways.
    await clientB.publishAsync(deviceTopic(b.deviceId, 'hb'), encode(heartbeat), { qos: 1 });
    await waitFor(() => t.messages.some((m) => m.deviceId === b.deviceId), "B's heartbeat");
    const toB = nextMessage(clientB, deviceTopic(b.deviceId, 'cmd'));
    await t.broker.publishToDevice(b.deviceId, 'cmd', identify(b.deviceId));
    expect(JSON.parse((await toB).payload.toString())).toEqual(identify(b.deviceId));
    // And A's next good message still goes through.
    await clientA.publishAsync(deviceTopic(a.deviceId, 'hb'), encode(heartbeat), { qos: 0 });
    await waitFor(
      () => t.messages.some((m) => m.deviceId === a.deviceId && m.channel === 'hb'),
      "A's heartbeat",
    );
  });

  it('acknowledges a QoS 1 message only once it is handled: a failed one gets no PUBACK and is resent', async () => {
    const a = t.auth.enrol();
    // A persistent session, as the kiosk keeps: MQTT.js resends an unacknowledged QoS 1 PUBLISH on reconnect.
    const client = await connectDevice(t, a, { extra: { clean: false, reconnectPeriod: 50 } });
    const handled = t.messages.push.bind(t.messages);
    let attempts = 0;
    t.messages.push = (...items) => {
      if (items.some((m) => m.channel !== 'ack')) return handled(...items); // the will of the cut session
      attempts += 1;
      if (attempts === 1) throw new Error('database unavailable');
      return handled(...items);
    };
    let acked = false;
    const ack = { v: 1, commandId: crypto.randomUUID(), status: 'applied', at: NOW } as const;
    const published = client
      .publishAsync(deviceTopic(a.deviceId, 'ack'), encode(ack), { qos: 1 })
      .then(() => {
        acked = true;
      });
    await published;
    expect(acked).toBe(true);
    // The broker closed the connection instead of acknowledging the failed attempt; after the reconnect
    // MQTT.js resent it (a second attempt), it was handled, and only then acknowledged.
    expect(t.logs.some((l) => l.msg === 'onDeviceMessage failed')).toBe(true);
    expect(t.connections.filter((c) => c.deviceId === a.deviceId).map((c) => c.connected)).toEqual([
      true,
      false,
      true,
    ]);
    expect(attempts).toBe(2);
    expect(t.messages.filter((m) => m.channel === 'ack')).toEqual([
      { deviceId: a.deviceId, channel: 'ack', message: ack, qos: 1 },
    ]);
  });

  for (const transport of ['tcp', 'ws'] as const) {
    it(`delivers publishToDevice to a subscribed device over ${transport}: commands at QoS 0, signalling at QoS 1`, async () => {
      const a = t.auth.enrol();
      const client = await connectDevice(t, a, { transport });
      await client.subscribeAsync({
        [deviceTopic(a.deviceId, 'cmd')]: { qos: 1 },
        [deviceTopic(a.deviceId, 'sig/down')]: { qos: 1 },
      });
      const cmd = nextMessage(client, deviceTopic(a.deviceId, 'cmd'));
      await t.broker.publishToDevice(a.deviceId, 'cmd', identify(a.deviceId));
      const received = await cmd;
      // The outbox, not the broker's session, delivers commands (create-broker.ts OUTBOUND_QOS).
      expect(received.qos).toBe(0);
      expect(JSON.parse(received.payload.toString())).toEqual(identify(a.deviceId));

      const ended = { v: 1, type: 'call.ended', callId: crypto.randomUUID(), reason: 'hung_up' } as const;
      const sig = nextMessage(client, deviceTopic(a.deviceId, 'sig/down'));
      await t.broker.publishToDevice(a.deviceId, 'sig/down', ended);
      const signal = await sig;
      expect(signal.qos).toBe(1);
      expect(JSON.parse(signal.payload.toString())).toEqual(ended);
    });
  }

  it('holds signalling for an offline device with a persistent session, but not a command (the outbox resends it)', async () => {
    const a = t.auth.enrol();
    const first = await connectDevice(t, a, { extra: { clean: false } });
    await first.subscribeAsync({
      [deviceTopic(a.deviceId, 'cmd')]: { qos: 1 },
      [deviceTopic(a.deviceId, 'sig/down')]: { qos: 1 },
    });
    await first.endAsync();
    await waitFor(() => t.broker.connectedDeviceIds().length === 0, 'offline');

    // QoS 0: not queued for an offline session. The kiosk gets it from the outbox at its next connection
    // (devices/link.ts flush; devices.int.test.ts "resends an unacknowledged config").
    await t.broker.publishToDevice(a.deviceId, 'cmd', identify(a.deviceId));
    const ended = { v: 1, type: 'call.ended', callId: crypto.randomUUID(), reason: 'hung_up' } as const;
    await t.broker.publishToDevice(a.deviceId, 'sig/down', ended);

    // Listen before CONNACK: the queued message follows it immediately.
    const again = connect(brokerUrl(t, 'tcp'), deviceOptions(a, { clean: false }));
    t.clients.push(again);
    const seen: string[] = [];
    again.on('message', (topic) => seen.push(topic));
    const received = await nextMessage(again, deviceTopic(a.deviceId, 'sig/down'));
    expect(received.qos).toBe(1);
    expect(JSON.parse(received.payload.toString())).toEqual(ended);
    expect(seen).toEqual([deviceTopic(a.deviceId, 'sig/down')]);
  });

  it("never delivers another device's messages through a persistent session's stored subscription", async () => {
    const a = t.auth.enrol();
    const b = t.auth.enrol();
    const first = await connectDevice(t, a, { extra: { clean: false } });
    // One SUBSCRIBE naming its own topics and B's: B's are refused (128), but aedes stores the packet whole.
    expect(
      await subackCodes(first, {
        [deviceTopic(a.deviceId, 'cmd')]: { qos: 1 },
        [deviceTopic(b.deviceId, 'cmd')]: { qos: 1 },
        [deviceTopic(a.deviceId, 'sig/down')]: { qos: 1 },
        [deviceTopic(b.deviceId, 'sig/down')]: { qos: 1 },
      }),
    ).toEqual([1, 128, 1, 128]);
    await first.endAsync();
    await waitFor(() => t.broker.connectedDeviceIds().length === 0, 'offline');

    // Signalling (QoS 1) is what a session holds while the kiosk is away.
    const ended = (callId: string) => ({ v: 1, type: 'call.ended', callId, reason: 'hung_up' }) as const;
    await t.broker.publishToDevice(b.deviceId, 'sig/down', ended(crypto.randomUUID()));
    await t.broker.publishToDevice(a.deviceId, 'sig/down', ended(crypto.randomUUID()));

    const again = connect(brokerUrl(t, 'tcp'), deviceOptions(a, { clean: false }));
    t.clients.push(again);
    const seen: string[] = [];
    again.on('message', (topic) => seen.push(topic));
    await nextMessage(again, deviceTopic(a.deviceId, 'sig/down'));
    // Online, through the restored subscriptions: B's command never arrives, A's does.
    await t.broker.publishToDevice(b.deviceId, 'cmd', identify(b.deviceId));
    const own = nextMessage(again, deviceTopic(a.deviceId, 'cmd'));
    await t.broker.publishToDevice(a.deviceId, 'cmd', identify(a.deviceId));
    await own;
    expect(seen).toEqual([deviceTopic(a.deviceId, 'sig/down'), deviceTopic(a.deviceId, 'cmd')]);
  });

  it('refuses to publish a message that does not match the channel schema or an invalid device id', async () => {
    const a = t.auth.enrol();
    await expect(
      t.broker.publishToDevice(a.deviceId, 'cmd', { type: 'wipe' } as unknown as DeviceCommand),
    ).rejects.toThrow(/invalid cmd message/);
    await expect(t.broker.publishToDevice('../#', 'cmd', identify(a.deviceId))).rejects.toThrow(
      /invalid device topic/,
    );
  });

  it('cuts a connection whose packet exceeds the frame limit, before reading it whole', async () => {
    const a = t.auth.enrol();
    const client = await connectDevice(t, a);
    const cut = closed(client);
    client.publish(deviceTopic(a.deviceId, 'hb'), Buffer.alloc(200 * 1024, 0x20), { qos: 0 });
    await cut;
    expect(t.logs.some((l) => l.msg === 'cut an MQTT connection: packet too large')).toBe(true);
    expect(t.messages).toEqual([
      { deviceId: a.deviceId, channel: 'state', message: { v: 1, status: 'offline' } },
    ]);
  });
});
