import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { type DeviceState, deviceTopic, encode, OFFLINE_WILL } from '@screenvisit/protocol';
import aedesPersistence from 'aedes-persistence';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { pino } from 'pino';
import type { DeviceMessageEvent } from '../../src/realtime/mqtt/channels.js';
import { createBroker } from '../../src/realtime/mqtt/create-broker.js';
import type {
  BrokerPorts,
  DeviceAuthenticator,
  DeviceBroker,
  RefusalReason,
  VerifyOutcome,
} from '../../src/realtime/mqtt/types.js';

// aedes-persistence is CommonJS (module.exports = factory) but its .d.ts declares an ES default export, so
// under NodeNext the default import is typed as the module object while at runtime it is the factory.
const memoryPersistence = aedesPersistence as unknown as typeof aedesPersistence.default;

/**
 * Shared by the broker's integration suites: a real broker on ephemeral ports, real MQTT.js clients, an
 * in-memory DeviceAuthenticator (our own interface), and a log that tests can read.
 */

export class MemoryAuthenticator implements DeviceAuthenticator {
  readonly secrets = new Map<string, string>();
  readonly revoked = new Set<string>();
  readonly refused: Array<{ deviceId: string; why: RefusalReason }> = [];
  failWith: Error | null = null;

  enrol(): { deviceId: string; secret: string } {
    const device = { deviceId: randomUUID(), secret: randomUUID() };
    this.secrets.set(device.deviceId, device.secret);
    return device;
  }

  async verify(deviceId: string, secret: string): Promise<VerifyOutcome> {
    if (this.failWith) throw this.failWith;
    const known = this.secrets.get(deviceId);
    if (known === undefined) return 'unknown';
    if (this.revoked.has(deviceId)) return 'revoked';
    return known === secret ? 'ok' : 'invalid';
  }

  onRefused(deviceId: string, why: RefusalReason): void {
    this.refused.push({ deviceId, why });
  }
}

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface TestBroker {
  broker: DeviceBroker;
  ports: BrokerPorts;
  auth: MemoryAuthenticator;
  messages: DeviceMessageEvent[];
  connections: Array<{ deviceId: string; connected: boolean }>;
  logs: LogLine[];
  rawLog: () => string;
  persistence: ReturnType<typeof memoryPersistence>;
  clients: MqttClient[];
}

export async function startTestBroker(): Promise<TestBroker> {
  const auth = new MemoryAuthenticator();
  const messages: DeviceMessageEvent[] = [];
  const connections: TestBroker['connections'] = [];
  const logs: LogLine[] = [];
  let raw = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      raw += chunk.toString('utf8');
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      callback();
    },
  });
  const persistence = memoryPersistence();
  const broker = await createBroker({
    log: pino({ level: 'debug' }, sink),
    auth,
    persistence,
    onDeviceMessage: (event) => {
      messages.push(event);
    },
    onDeviceConnection: (deviceId, connected) => {
      connections.push({ deviceId, connected });
    },
  });
  const ports = await broker.listen({ host: '127.0.0.1', tcpPort: 0, wsPort: 0 });
  return { broker, ports, auth, messages, connections, logs, rawLog: () => raw, persistence, clients: [] };
}

export async function stopTestBroker(t: TestBroker | undefined): Promise<void> {
  if (!t) return;
  for (const client of t.clients) client.end(true);
  await t.broker.close();
}

export type Transport = 'tcp' | 'ws';

export function brokerUrl(t: TestBroker, transport: Transport): string {
  return transport === 'tcp'
    ? `mqtt://127.0.0.1:${t.ports.tcpPort}`
    : `ws://127.0.0.1:${t.ports.wsPort}/mqtt`;
}

/** A kiosk as the device agent connects: clientId = username = device id, offline will on its state topic. */
export function deviceOptions(
  device: { deviceId: string; secret: string },
  extra: IClientOptions = {},
): IClientOptions {
  return {
    clientId: device.deviceId,
    username: device.deviceId,
    password: device.secret,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 5_000,
    will: {
      topic: deviceTopic(device.deviceId, 'state'),
      payload: Buffer.from(encode(OFFLINE_WILL)),
      qos: 1,
      retain: true,
    },
    ...extra,
  };
}

export async function connectDevice(
  t: TestBroker,
  device: { deviceId: string; secret: string },
  options: { transport?: Transport; extra?: IClientOptions } = {},
): Promise<MqttClient> {
  const client = await connectAsync(
    brokerUrl(t, options.transport ?? 'tcp'),
    deviceOptions(device, options.extra),
  );
  t.clients.push(client);
  return client;
}

/** The CONNACK return code a refused connection got (MQTT.js puts it on the error's `code`). */
export async function refusalCode(
  t: TestBroker,
  options: IClientOptions,
  transport: Transport = 'tcp',
): Promise<unknown> {
  try {
    const client = await connectAsync(brokerUrl(t, transport), {
      reconnectPeriod: 0,
      connectTimeout: 5_000,
      ...options,
    });
    client.end(true);
    return 'accepted';
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
}

export async function waitFor<T>(
  probe: () => T | undefined | false,
  what: string,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function nextMessage(client: MqttClient, topic: string): Promise<{ payload: Buffer; qos: number }> {
  return new Promise((resolve) => {
    const onMessage = (received: string, payload: Buffer, packet: { qos: number }) => {
      if (received !== topic) return;
      client.off('message', onMessage);
      resolve({ payload, qos: packet.qos });
    };
    client.on('message', onMessage);
  });
}

export async function retainedState(t: TestBroker, deviceId: string): Promise<DeviceState | null> {
  let found: DeviceState | null = null;
  for await (const packet of t.persistence.createRetainedStream(deviceTopic(deviceId, 'state'))) {
    found = JSON.parse(Buffer.from((packet as { payload: Buffer }).payload).toString('utf8')) as DeviceState;
  }
  return found;
}

export function closed(client: MqttClient): Promise<void> {
  return new Promise((resolve) => {
    if (!client.connected) return resolve();
    client.once('close', () => resolve());
  });
}

export const NOW = '2026-03-01T10:00:00.000Z';

/** SUBACK return codes, one per topic in order. MQTT.js rejects when any is 128, so read them off the packet. */
export async function subackCodes(
  client: MqttClient,
  topics: Record<string, { qos: 0 | 1 | 2 }>,
): Promise<number[]> {
  try {
    const granted = await client.subscribeAsync(topics);
    return granted.map((g) => g.qos);
  } catch (error) {
    const packet = (error as { packet?: { granted?: number[] } }).packet;
    if (!packet?.granted) throw error;
    return packet.granted;
  }
}
