import { CONFIG_SCHEMA, type CommandAck, DeviceCommand, deviceTopic } from '@screenvisit/protocol';
import { connectAsync, type MqttClient } from 'mqtt';
import { sessionFor } from '../fixtures.js';
import type { TestCloud } from '../test-cloud.js';

/**
 * A plain MQTT.js kiosk for the cloud's device tests (cloud tests never import device/): it records the
 * commands it receives and acknowledges only when told to, so a test decides whether an ack ever comes.
 */
export interface TestKiosk {
  readonly client: MqttClient;
  readonly commands: DeviceCommand[];
  readonly closed: Promise<void>;
  /** `qos` 1 unless given; at 0 it resolves once written (no PUBACK), as the agent's config.apply acks. */
  ack(commandId: string, extra?: Partial<CommandAck>, qos?: 0 | 1): Promise<void>;
  publish(channel: 'hb' | 'state', message: unknown): Promise<void>;
}

/**
 * `configSchema`: what the kiosk says it understands (protocol config-schema.ts). A number (default: this
 * protocol's CONFIG_SCHEMA) is reported as the agent does: in an `online` state published before subscribing.
 * null: a kiosk from before schema 2, which reports nothing and subscribes first, then publishes its state.
 */
export async function connectKiosk(
  t: TestCloud,
  deviceId: string,
  password: string,
  options: { configSchema?: number | null } = {},
): Promise<TestKiosk> {
  const configSchema = options.configSchema === undefined ? CONFIG_SCHEMA : options.configSchema;
  const client = await connectAsync(`mqtt://127.0.0.1:${t.cloud.ports.mqtt}`, {
    clientId: deviceId,
    username: deviceId,
    password,
    reconnectPeriod: 0,
    keepalive: 30,
  });
  const commands: DeviceCommand[] = [];
  client.on('message', (topic, payload) => {
    if (topic !== deviceTopic(deviceId, 'cmd')) return;
    commands.push(DeviceCommand.parse(JSON.parse(payload.toString('utf8'))));
  });
  const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
  const state = (extra: object) =>
    client.publishAsync(
      deviceTopic(deviceId, 'state'),
      JSON.stringify({ v: 1, status: 'online', ...extra }),
      {
        qos: 1,
      },
    );
  if (configSchema !== null) await state({ configSchema });
  await client.subscribeAsync(deviceTopic(deviceId, 'cmd'), { qos: 1 });
  if (configSchema === null) await state({});
  return {
    client,
    commands,
    closed,
    async ack(commandId, extra = {}, qos = 1) {
      const ack: CommandAck = { v: 1, commandId, status: 'applied', at: new Date().toISOString(), ...extra };
      await client.publishAsync(deviceTopic(deviceId, 'ack'), JSON.stringify(ack), { qos });
    },
    async publish(channel, message) {
      await client.publishAsync(deviceTopic(deviceId, channel), JSON.stringify(message), { qos: 1 });
    },
  };
}

/** CONNECT with the device's credential and report the CONNACK refusal code (0 when accepted). */
export async function connackCode(t: TestCloud, deviceId: string, password: string): Promise<number> {
  try {
    const client = await connectAsync(`mqtt://127.0.0.1:${t.cloud.ports.mqtt}`, {
      clientId: deviceId,
      username: deviceId,
      password,
      reconnectPeriod: 0,
    });
    await client.endAsync(true);
    return 0;
  } catch (error) {
    return (error as { code?: number }).code ?? -1;
  }
}

/** Support's HTTP client: JSON in, status and JSON out. */
export async function supportApi(t: TestCloud, subject: { id: string; municipalityId: string }) {
  const { headers } = await sessionFor(t, { kind: 'staff', ...subject });
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${t.base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests read the API's JSON loosely and assert on it
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, any> };
  };
}

/** Register → enrolment code → enrol, all over HTTP as support and the kiosk would. */
export async function enrolViaApi(
  t: TestCloud,
  api: Awaited<ReturnType<typeof supportApi>>,
  label: string,
): Promise<{ deviceId: string; mqttPassword: string }> {
  const registered = await api('POST', '/api/devices', { label });
  if (registered.status !== 201) throw new Error(`register: ${registered.status}`);
  const code = await api('POST', `/api/devices/${registered.body.id}/enrolment-code`);
  if (code.status !== 201) throw new Error(`code: ${code.status}`);
  const enrolled = await fetch(`${t.base}/api/devices/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: code.body.code, hardwareId: `hw-${label}` }),
  });
  if (enrolled.status !== 201) throw new Error(`enrol: ${enrolled.status}`);
  return (await enrolled.json()) as { deviceId: string; mqttPassword: string };
}

/** A kiosk registered and enrolled over HTTP as support, then lent (kioskLentTo). */
export interface LentKiosk {
  readonly deviceId: string;
  readonly mqttPassword: string;
}

/** How kioskLentTo connects the kiosk: connectKiosk's options, and what to do on it before the lend. */
export interface LendOnline {
  readonly configSchema?: number | null;
  /** Runs on the connected kiosk before the lend: listeners that must see the lend's own config. */
  readonly beforeLend?: (kiosk: TestKiosk, deviceId: string) => void;
}

/**
 * The setup the device tests share: a kiosk registered and enrolled over HTTP as support (enrolViaApi) and lent
 * to `citizenId` (the lend pushes its first config, with her as the contact). With `online`, the kiosk connects
 * over MQTT BEFORE the lend, so that config is published to it at once rather than flushed at its first connect.
 */
export async function kioskLentTo(
  t: TestCloud,
  api: Awaited<ReturnType<typeof supportApi>>,
  citizenId: string,
  options: { label: string; online: LendOnline },
): Promise<LentKiosk & { kiosk: TestKiosk }>;
export async function kioskLentTo(
  t: TestCloud,
  api: Awaited<ReturnType<typeof supportApi>>,
  citizenId: string,
  options: { label: string },
): Promise<LentKiosk>;
export async function kioskLentTo(
  t: TestCloud,
  api: Awaited<ReturnType<typeof supportApi>>,
  citizenId: string,
  options: { label: string; online?: LendOnline },
): Promise<LentKiosk & { kiosk?: TestKiosk }> {
  const { deviceId, mqttPassword } = await enrolViaApi(t, api, options.label);
  let kiosk: TestKiosk | undefined;
  if (options.online) {
    const { configSchema, beforeLend } = options.online;
    kiosk = await connectKiosk(t, deviceId, mqttPassword, configSchema === undefined ? {} : { configSchema });
    beforeLend?.(kiosk, deviceId);
  }
  const lent = await api('POST', `/api/devices/${deviceId}/lend`, { citizenId });
  if (lent.status !== 200) throw new Error(`lend: ${lent.status} ${JSON.stringify(lent.body)}`);
  return kiosk ? { deviceId, mqttPassword, kiosk } : { deviceId, mqttPassword };
}

/** A config.apply command as a test kiosk received it. */
export type ConfigPush = Extract<DeviceCommand, { type: 'config.apply' }>;

/** The config pushes (config.apply commands) the kiosk has received so far, oldest first. */
export function configPushes(kiosk: TestKiosk): ConfigPush[] {
  return kiosk.commands.flatMap((c) => (c.type === 'config.apply' ? [c] : []));
}

/** Waits (as `until`) until the kiosk has received at least `n` config pushes; all it has then, oldest first. */
export function configPushesUntil(kiosk: TestKiosk, n: number): Promise<ConfigPush[]> {
  return until(
    async () => configPushes(kiosk),
    (list) => list.length >= n,
    `config push number ${n}`,
  );
}

/** The kiosk's `n`th config push (1: the first it received), once it has arrived. */
export async function nthConfigPush(kiosk: TestKiosk, n: number): Promise<ConfigPush> {
  return (await configPushesUntil(kiosk, n))[n - 1]!;
}

export async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
