import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { systemClock } from '@screenvisit/protocol';
import { Aedes, type Client } from 'aedes';
import { connectAsync } from 'mqtt';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuthenticate } from './authenticate.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('MQTT CONNECT password in the broker', () => {
  it('is zeroed in the CONNECT packet aedes keeps, and the connection still works', async () => {
    const deviceId = randomUUID();
    const secret = 'a-device-secret-of-some-length';
    const aedes = new Aedes({
      authenticate: createAuthenticate({
        log: pino({ level: 'silent' }),
        auth: { verify: async (id, given) => (id === deviceId && given === secret ? 'ok' : 'invalid') },
        clock: systemClock,
        verifyTimeoutMs: 5_000,
      }),
    });
    await aedes.listen();
    const server = createServer((socket) => aedes.handle(socket));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(() => new Promise<void>((resolve) => aedes.close(() => resolve())));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const ready = once(aedes, 'clientReady') as Promise<[Client]>;

    const client = await connectAsync({
      host: '127.0.0.1',
      port: (server.address() as AddressInfo).port,
      clientId: deviceId,
      username: deviceId,
      password: secret,
      reconnectPeriod: 0,
    });
    cleanups.push(() => client.endAsync());
    const [held] = await ready;

    // The CONNECT packet is what mqtt-packet's parser keeps for the connection's life (its `settings`).
    const kept = (held as unknown as { _parser: { settings: { password?: Buffer } } })._parser.settings;
    expect(kept.password?.length).toBe(Buffer.byteLength(secret));
    expect(kept.password?.equals(Buffer.alloc(Buffer.byteLength(secret)))).toBe(true);

    // Still a working connection: a QoS 1 round trip through the broker.
    const topic = `sv/v1/d/${deviceId}/cmd`;
    await client.subscribeAsync(topic, { qos: 1 });
    const received = new Promise<[string, Buffer]>((resolve) =>
      client.once('message', (gotTopic, payload) => resolve([gotTopic, payload])),
    );
    await client.publishAsync(topic, 'hello', { qos: 1 });
    const [gotTopic, payload] = await received;
    expect([gotTopic, payload.toString()]).toEqual([topic, 'hello']);
  });
});
