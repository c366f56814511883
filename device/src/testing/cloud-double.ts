import { randomBytes, randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { EnrolRequest, type EnrolResponse } from '@screenvisit/protocol';
import { Aedes } from 'aedes';
import { connect, type MqttClient } from 'mqtt';

/**
 * For the agent's integration tests: a REAL aedes broker with a login hook, plus a LOCAL DOUBLE of the
 * cloud's enrolment endpoint (POST /api/devices/enrol, per the protocol schemas). The real cloud <-> agent
 * test lives with the lead; this double only issues credentials the broker then accepts.
 */
export interface CloudDouble {
  cloudUrl: string;
  mqttUrl: string;
  broker: Aedes;
  /** Logged-in "cloud" client that sees every device topic. */
  observer: MqttClient;
  /** A fresh one-time enrolment code. */
  issueCode(): string;
  /** Refuse this device's next logins with CONNACK return code 5, as the cloud does after a revoke. */
  revoke(deviceId: string): void;
  /** Cut the device's TCP connection without DISCONNECT (as a power cut or a network drop would). */
  dropConnection(deviceId: string): void;
  close(): Promise<void>;
}

const OBSERVER = { username: 'cloud-observer', password: 'observer-secret-observer-secret!!' };

export async function startCloudDouble(): Promise<CloudDouble> {
  const passwords = new Map<string, string>([[OBSERVER.username, OBSERVER.password]]);
  const revoked = new Set<string>();
  const codes = new Set<string>();

  const broker = await Aedes.createBroker({
    authenticate(_client, username, password, done) {
      const ok =
        username !== undefined &&
        !revoked.has(username) &&
        password !== undefined &&
        passwords.get(username) === password.toString('utf8');
      if (ok) return done(null, true);
      // 5 = "not authorized" (MQTT 3.1.1 §3.2.2.3), what the cloud answers a revoked device.
      return done(Object.assign(new Error('not authorized'), { returnCode: 5 as const }), null);
    },
  });
  const mqttServer: TcpServer = createTcpServer(broker.handle);
  await new Promise<void>((resolve) => mqttServer.listen(0, '127.0.0.1', resolve));
  const mqttPort = (mqttServer.address() as { port: number }).port;

  const http: HttpServer = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || req.url !== '/api/devices/enrol') return send(404, { title: 'not found' });
      let json: unknown;
      try {
        json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(400, { title: 'invalid JSON' });
      }
      const request = EnrolRequest.safeParse(json);
      if (!request.success) return send(400, { title: 'invalid enrolment request' });
      if (!codes.delete(request.data.code))
        return send(410, { title: 'gone', detail: 'code unknown or used' });
      const deviceId = randomUUID();
      const answer: EnrolResponse = {
        deviceId,
        mqttUsername: deviceId,
        mqttPassword: randomBytes(32).toString('base64url'),
      };
      passwords.set(deviceId, answer.mqttPassword);
      send(201, answer);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const httpPort = (http.address() as { port: number }).port;

  const mqttUrl = `mqtt://127.0.0.1:${mqttPort}`;
  const observer = connect(mqttUrl, { ...OBSERVER, clientId: 'cloud-observer', reconnectPeriod: 0 });
  await new Promise<void>((resolve, reject) => {
    observer.once('connect', () => resolve());
    observer.once('error', reject);
  });

  let n = 0;
  return {
    cloudUrl: `http://127.0.0.1:${httpPort}`,
    mqttUrl,
    broker,
    observer,
    issueCode() {
      n += 1;
      const code = `TEST-${String(n).padStart(4, '0')}-${randomBytes(2).toString('hex').toUpperCase()}`;
      codes.add(code);
      return code;
    },
    revoke: (deviceId) => revoked.add(deviceId),
    dropConnection(deviceId) {
      const client = (broker as unknown as { clients: Record<string, { conn: { destroy(): void } }> })
        .clients[deviceId];
      if (!client) throw new Error(`device ${deviceId} is not connected`);
      client.conn.destroy();
    },
    async close() {
      await observer.endAsync(true);
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => mqttServer.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Collect every message on `topic` from now on, decoded as JSON. */
export async function collect(client: MqttClient, topic: string): Promise<unknown[]> {
  const seen: unknown[] = [];
  client.on('message', (t, payload) => {
    if (t === topic) seen.push(JSON.parse(payload.toString('utf8')));
  });
  await client.subscribeAsync(topic, { qos: 1 });
  return seen;
}

/** As `collect`, with the QoS each message came with (the observer subscribes at QoS 1: the sender's QoS). */
export async function collectWithQos(
  client: MqttClient,
  topic: string,
): Promise<{ qos: number; message: unknown }[]> {
  const seen: { qos: number; message: unknown }[] = [];
  client.on('message', (t, payload, packet) => {
    if (t === topic) seen.push({ qos: packet.qos, message: JSON.parse(payload.toString('utf8')) });
  });
  await client.subscribeAsync(topic, { qos: 1 });
  return seen;
}

/** What a NEW subscriber gets as the retained message on `topic` (null when nothing is retained). */
export async function readRetained(mqttUrl: string, topic: string): Promise<unknown> {
  const reader = connect(mqttUrl, {
    ...OBSERVER,
    clientId: `retained-reader-${randomBytes(4).toString('hex')}`,
    reconnectPeriod: 0,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      reader.once('connect', () => resolve());
      reader.once('error', reject);
    });
    const retained = new Promise<unknown>((resolve) => {
      reader.on('message', (_t, payload, packet) => {
        if (packet.retain) resolve(JSON.parse(payload.toString('utf8')));
      });
      setTimeout(() => resolve(null), 500);
    });
    await reader.subscribeAsync(topic, { qos: 1 });
    return await retained;
  } finally {
    await reader.endAsync(true);
  }
}
