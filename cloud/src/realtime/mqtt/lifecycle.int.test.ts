import { createServer, type Server, Socket } from 'node:net';
import { OFFLINE_WILL } from '@screenvisit/protocol';
import { connect } from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  brokerUrl,
  closed,
  connectDevice,
  deviceOptions,
  MemoryAuthenticator,
  retainedState,
  startTestBroker,
  stopTestBroker,
  type TestBroker,
  waitFor,
} from '../../../test/kits/broker.js';
import { isStartupError } from '../../kernel/errors.js';
import { createBroker } from './create-broker.js';

function occupyPort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

function rawSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    socket.once('error', reject);
    socket.connect(port, '127.0.0.1', () => resolve(socket));
  });
}

function socketClosed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    socket.once('close', () => resolve());
  });
}

describe('MQTT broker: connections come and go', () => {
  let t: TestBroker | undefined;
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    await stopTestBroker(t);
    t = undefined;
    for (const step of cleanup.splice(0)) await step();
  });

  for (const transport of ['tcp', 'ws'] as const) {
    it(`hands the offline will to the cloud, retained nowhere, and reports the disconnect when a ${transport} socket dies`, async () => {
      t = await startTestBroker();
      const a = t.auth.enrol();
      const client = await connectDevice(t, a, { transport });
      await client.publishAsync(`sv/v1/d/${a.deviceId}/state`, JSON.stringify({ v: 1, status: 'online' }), {
        qos: 1,
        retain: true,
      });
      const b = t;
      await waitFor(() => b.messages.length === 1, 'online state');

      client.stream.destroy();

      await waitFor(() => b.connections.some((c) => !c.connected), 'disconnect');
      expect(t.connections).toEqual([
        { deviceId: a.deviceId, connected: true },
        { deviceId: a.deviceId, connected: false },
      ]);
      await waitFor(() => b.messages.length === 2, 'the will');
      expect(t.messages[1]).toEqual({ deviceId: a.deviceId, channel: 'state', message: OFFLINE_WILL });
      expect(await retainedState(t, a.deviceId)).toBeNull();
      expect(t.broker.connectedDeviceIds()).toEqual([]);
    });
  }

  it('does not publish the will after a clean DISCONNECT, but still reports the disconnect', async () => {
    t = await startTestBroker();
    const a = t.auth.enrol();
    const client = await connectDevice(t, a);
    await client.endAsync();
    const b = t;
    await waitFor(() => b.connections.length === 2, 'disconnect');
    expect(t.connections.at(-1)).toEqual({ deviceId: a.deviceId, connected: false });
    expect(t.messages).toEqual([]);
  });

  it('cuts a live device at once on disconnectDevice, and its will takes effect', async () => {
    t = await startTestBroker();
    const a = t.auth.enrol();
    const b = t.auth.enrol();
    const clientA = await connectDevice(t, a);
    const clientB = await connectDevice(t, b);
    const cut = closed(clientA);
    t.broker.disconnectDevice(a.deviceId);
    t.broker.disconnectDevice('00000000-0000-4000-8000-000000000000'); // not connected: nothing happens
    await cut;
    const tb = t;
    await waitFor(() => tb.messages.length === 1, 'will');
    expect(t.broker.connectedDeviceIds()).toEqual([b.deviceId]);
    expect(clientB.connected).toBe(true);
  });

  it('lets a newer connection of the same device take over the session [MQTT-3.1.4-2]', async () => {
    t = await startTestBroker();
    const a = t.auth.enrol();
    const first = await connectDevice(t, a);
    const firstClosed = closed(first);
    await connectDevice(t, a);
    await firstClosed;
    const tb = t;
    await waitFor(() => tb.connections.length === 3, 'takeover');
    expect(t.connections.map((c) => c.connected)).toEqual([true, false, true]);
    expect(t.broker.connectedDeviceIds()).toEqual([a.deviceId]);
  });

  it('names MQTT_PORT when the TCP port is taken, and MQTT_WS_PORT when the WebSocket port is', async () => {
    const busy = await occupyPort();
    cleanup.push(() => new Promise((r) => busy.server.close(r)));
    const broker = await createBroker({
      log: pino({ level: 'silent' }),
      auth: new MemoryAuthenticator(),
      onDeviceMessage: () => {},
      onDeviceConnection: () => {},
    });
    cleanup.push(() => broker.close());

    const tcpError = await broker
      .listen({ host: '127.0.0.1', tcpPort: busy.port, wsPort: 0 })
      .catch((e: unknown) => e);
    expect(isStartupError(tcpError)).toBe(true);
    expect((tcpError as Error).message).toBe(
      `MQTT port ${busy.port} is already in use (the test machines run Mosquitto on 1883). Set MQTT_PORT to a free port.`,
    );
    expect(broker.ready()).toBe(false);

    const other = await createBroker({
      log: pino({ level: 'silent' }),
      auth: new MemoryAuthenticator(),
      onDeviceMessage: () => {},
      onDeviceConnection: () => {},
    });
    cleanup.push(() => other.close());
    const wsError = await other
      .listen({ host: '127.0.0.1', tcpPort: 0, wsPort: busy.port })
      .catch((e: unknown) => e);
    expect(isStartupError(wsError)).toBe(true);
    expect((wsError as Error).message).toMatch(
      /MQTT WebSocket port \d+ is already in use\. Set MQTT_WS_PORT/,
    );
  });

  it('closes within a few seconds with devices, a WebSocket device and a silent socket attached', async () => {
    t = await startTestBroker();
    const a = t.auth.enrol();
    const b = t.auth.enrol();
    const tcpClient = await connectDevice(t, a);
    const wsClient = await connectDevice(t, b, { transport: 'ws' });
    const silent = await rawSocket(t.ports.tcpPort); // never sends CONNECT: aedes does not know it
    expect(t.broker.ready()).toBe(true);

    const started = Date.now();
    await t.broker.close();
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(t.broker.ready()).toBe(false);
    await Promise.all([closed(tcpClient), closed(wsClient), socketClosed(silent)]);
    expect(t.broker.connectedDeviceIds()).toEqual([]);
    // A second close is harmless, and the ports are free again.
    await t.broker.close();
    const refused = await rawSocket(t.ports.tcpPort).then(
      (s) => {
        s.destroy();
        return false;
      },
      () => true,
    );
    expect(refused).toBe(true);
    await expect(
      t.broker.publishToDevice(a.deviceId, 'cmd', {
        v: 1,
        id: a.deviceId,
        issuedAt: '2026-03-01T10:00:00Z',
        type: 'wipe',
      }),
    ).rejects.toThrow(/shutting down/);
  });

  it('cuts a client, before CONNECT, that announces a packet larger than the frame limit', async () => {
    t = await startTestBroker();
    const socket = await rawSocket(t.ports.tcpPort);
    // CONNECT (0x10) declaring a Remaining Length of 10 MB: 0x80 0xDA 0xC4 0x09.
    socket.write(Buffer.from([0x10, 0x80, 0xda, 0xc4, 0x09]));
    await socketClosed(socket);
    const tb = t;
    await waitFor(() => tb.logs.some((l) => l.msg === 'cut an MQTT connection: packet too large'), 'log');
  });

  it('refuses a WebSocket client that does not offer the "mqtt" subprotocol [MQTT-6.0.0-3]', async () => {
    t = await startTestBroker();
    const ws = new WebSocket(`ws://127.0.0.1:${t.ports.wsPort}/mqtt`);
    const code = await new Promise<number>((resolve) => ws.once('close', (c) => resolve(c)));
    expect(code).toBe(1002);
  });

  it('answers a WebSocket device with one WebSocket message per MQTT packet', async () => {
    t = await startTestBroker();
    const a = t.auth.enrol();
    const ws = new WebSocket(`ws://127.0.0.1:${t.ports.wsPort}/mqtt`, 'mqtt');
    cleanup.push(() => ws.terminate());
    const messages: Buffer[] = [];
    ws.on('message', (data) => messages.push(data as Buffer));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const connectPacket = mqttPacket.generate({
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 4,
      clean: true,
      keepalive: 30,
      clientId: a.deviceId,
      username: a.deviceId,
      password: Buffer.from(a.secret),
    });
    ws.send(connectPacket);
    await waitFor(() => messages.length > 0, 'CONNACK');
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The CONNACK whole in the first message (mqtt-packet writes it in three pieces); [MQTT-6.0.0-2] would allow
    // it split, but each piece sent as its own message costs a WebSocket frame and a socket write.
    expect(messages[0]).toEqual(Buffer.from([0x20, 0x02, 0x00, 0x00]));
  });

  it('connects a device over WebSocket only on /mqtt', async () => {
    t = await startTestBroker();
    const a = t.auth.enrol();
    const wrongPath = connect(`ws://127.0.0.1:${t.ports.wsPort}/elsewhere`, deviceOptions(a));
    const failed = await new Promise<boolean>((resolve) => {
      wrongPath.once('connect', () => resolve(false));
      wrongPath.once('error', () => resolve(true));
      wrongPath.once('close', () => resolve(true));
    });
    wrongPath.end(true);
    expect(failed).toBe(true);
    expect(brokerUrl(t, 'ws')).toMatch(/\/mqtt$/);
  });
});
