import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { type AddressInfo, createServer, Socket } from 'node:net';
import { Duplex } from 'node:stream';
import type { DeviceCommand } from '@screenvisit/protocol';
import { Aedes, type Client, type PublishPacket } from 'aedes';
import { connectAsync } from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestBroker, stopTestBroker, type TestBroker } from '../../../test/kits/broker.js';
import { dropConnectPacket, leanParser } from './lean-client.js';

type Internals = { _parser: { _list: unknown; settings: Record<string, unknown> } };

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A bare aedes wired as create-broker.ts wires it: leanParser on accept, dropConnectPacket on clientReady. */
async function leanAedes() {
  const aedes = new Aedes();
  await aedes.listen();
  aedes.on('clientReady', dropConnectPacket);
  const server = createServer((socket) => leanParser(aedes.handle(socket)));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => aedes.close(() => resolve())));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return { aedes, url: `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('an idle kiosk connection keeps no more than it needs (issue 14: memory per kiosk)', () => {
  // aedes 1.x speaks MQTT 3.1.1 (and 3.1) only; a v5 CONNECT is refused with return code 1.
  it('keeps only the protocol version of CONNECT and parses into a plain BufferList', async () => {
    const { aedes, url } = await leanAedes();
    const deviceId = randomUUID();
    const ready = once(aedes, 'clientReady') as Promise<[Client]>;
    const client = await connectAsync(url, {
      clientId: deviceId,
      username: deviceId,
      password: 'a-device-secret',
      protocolVersion: 4,
      reconnectPeriod: 0,
      will: { topic: `sv/v1/d/${deviceId}/state`, payload: Buffer.from('{"v":1}'), qos: 1, retain: false },
    });
    cleanups.push(() => client.endAsync());
    const [held] = await ready;
    const parser = (held as unknown as Internals)._parser;

    expect(parser.settings).toEqual({ protocolVersion: 4 });
    expect(parser._list).not.toBeInstanceOf(Duplex);
    // aedes keeps the will on the client itself, so the offline state is still published.
    expect((held as unknown as { will: { topic: string } | null }).will?.topic).toBe(
      `sv/v1/d/${deviceId}/state`,
    );

    // Still a working connection, with a payload larger than one socket read, so the list spans chunks.
    const topic = `sv/v1/d/${deviceId}/cmd`;
    await client.subscribeAsync(topic, { qos: 1 });
    const big = Buffer.alloc(200_000, 7);
    const received = new Promise<Buffer>((resolve) =>
      client.once('message', (_topic, payload) => resolve(payload)),
    );
    const published = new Promise<PublishPacket>((resolve) =>
      aedes.on('publish', (packet, from) => from && resolve(packet)),
    );
    await client.publishAsync(topic, big, { qos: 1 });
    expect((await published).payload).toEqual(big);
    expect((await received).equals(big)).toBe(true);
  });
});

describe('the cloud broker with lean clients', () => {
  let t: TestBroker | undefined;
  afterEach(async () => {
    await stopTestBroker(t);
    t = undefined;
  });

  it('accepts a kiosk whose CONNECT and SUBSCRIBE arrive one byte at a time', async () => {
    t = await startTestBroker();
    const device = t.auth.enrol();
    const socket = new Socket();
    socket.connect(t.ports.tcpPort, '127.0.0.1');
    await once(socket, 'connect');
    cleanups.push(async () => socket.destroy());
    const packets: mqttPacket.Packet[] = [];
    const parser = mqttPacket.parser();
    parser.on('packet', (packet) => packets.push(packet));
    socket.on('data', (chunk: Buffer) => parser.parse(chunk));
    const bytes = Buffer.concat([
      mqttPacket.generate({
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 4,
        clean: false,
        clientId: device.deviceId,
        username: device.deviceId,
        password: Buffer.from(device.secret),
        keepalive: 60,
      }),
      mqttPacket.generate({
        cmd: 'subscribe',
        messageId: 1,
        subscriptions: [{ topic: `sv/v1/d/${device.deviceId}/cmd`, qos: 1 }],
      }),
    ]);
    for (const byte of bytes) {
      socket.write(Buffer.of(byte));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const deadline = Date.now() + 5_000;
    while (packets.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(packets.map((p) => p.cmd)).toEqual(['connack', 'suback']);
    expect(packets[0]).toMatchObject({ returnCode: 0 });
    expect(packets[1]).toMatchObject({ granted: [1] });

    const identify: DeviceCommand = {
      v: 1,
      id: randomUUID(),
      issuedAt: new Date().toISOString(),
      type: 'identify',
      seconds: 5,
    };
    await t.broker.publishToDevice(device.deviceId, 'cmd', identify);
    while (packets.length < 3 && Date.now() < deadline + 5_000) await new Promise((r) => setTimeout(r, 20));
    expect(packets[2]).toMatchObject({ cmd: 'publish', topic: `sv/v1/d/${device.deviceId}/cmd`, qos: 0 }); // commands are QoS 0 (create-broker.ts OUTBOUND_QOS)
  });
});
