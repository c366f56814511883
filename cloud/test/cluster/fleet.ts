import { type CommandAck, DeviceCommand, deviceTopic, encode, OFFLINE_WILL } from '@screenvisit/protocol';
import { connect, type MqttClient } from 'mqtt';
import {
  type Database,
  issueEnrolmentCode,
  redeemEnrolmentCode,
  registerDevice,
} from '../../src/db/index.js';

export interface KioskCredential {
  readonly deviceId: string;
  readonly password: string;
}

/** Register and enrol `count` kiosks straight in the database (the enrolment HTTP route has its own tests). */
export async function enrolFleet(
  db: Database,
  municipalityId: string,
  count: number,
  label: string,
): Promise<KioskCredential[]> {
  const fleet: KioskCredential[] = [];
  for (let i = 0; i < count; i++) {
    const device = await registerDevice(db.db, { municipalityId, label: `${label}-${i}` });
    const code = await issueEnrolmentCode(db.db, device.id, { ttlMs: 60_000, now: new Date() });
    const redeemed = await redeemEnrolmentCode(db.db, {
      code,
      hardwareId: `hw-${label}-${i}`,
      now: new Date(),
    });
    if (!redeemed) throw new Error('enrolment failed');
    fleet.push({ deviceId: redeemed.deviceId, password: redeemed.mqttPassword });
  }
  return fleet;
}

/**
 * A simulated kiosk speaking the device protocol like device/src/mqtt-session.ts does (cloud tests never import
 * device/): clientId = username = device id, clean: false, the OFFLINE_WILL, subscribe to `cmd` and `sig/down` in one packet, then publish its
 * state, a heartbeat every `heartbeatMs`, every command acknowledged `applied`, and on a lost connection the
 * kiosk's own full-jitter reconnect (base 1 s, cap 60 s; device/src/backoff.ts), never MQTT.js' fixed 1 s.
 */
export interface SimKiosk {
  readonly deviceId: string;
  /** Every command received, in order (duplicates included: delivery is at least once). */
  readonly commands: DeviceCommand[];
  /** Every signalling frame received on `sig/down` (call.ringing, call.accepted …), parsed. */
  readonly signals: { type: string; callId?: string }[];
  /** Publishes one signalling frame on `sig/up` (call.place …), as the kiosk's call screen does. */
  signal(message: Record<string, unknown>): Promise<void>;
  readonly connected: () => boolean;
  /** Successful CONNACKs so far. */
  readonly connects: () => number;
  /** The CONNACK refusal code of the last refused CONNECT (5: revoked), or null. */
  readonly refusedWith: () => number | null;
  /**
   * What the kiosk did, with Date.now() times: `close`, `wait` (the backoff delay drawn, ms), `try` (a
   * reconnect started), `connect` (CONNACK), `error` (message). For the failover test's timeline.
   */
  readonly trace: readonly KioskEvent[];
  /** A kiosk whose power is cut when its connection next drops: it never reconnects after that. */
  vanish(): void;
  stop(): Promise<void>;
}

export interface KioskEvent {
  readonly at: number;
  readonly what: 'close' | 'wait' | 'try' | 'connect' | 'error';
  readonly detail?: number | string;
}

export function startKiosk(
  credential: KioskCredential,
  url: string,
  options: { heartbeatMs: number; random?: () => number },
): SimKiosk {
  const { deviceId } = credential;
  const random = options.random ?? Math.random;
  const commands: DeviceCommand[] = [];
  const signals: { type: string; callId?: string }[] = [];
  let stopped = false;
  let noReturn = false;
  let attempt = 0;
  let connects = 0;
  let refusedWith: number | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  const started = Date.now();
  const trace: KioskEvent[] = [];
  const note = (what: KioskEvent['what'], detail?: number | string) =>
    trace.push(detail === undefined ? { at: Date.now(), what } : { at: Date.now(), what, detail });

  const client: MqttClient = connect(url, {
    clientId: deviceId,
    username: deviceId,
    password: credential.password,
    protocolVersion: 4,
    clean: false,
    reconnectPeriod: 0,
    keepalive: 30,
    // The agent's own (device/src/mqtt-session.ts): a kiosk waits 15 s for its CONNACK. A shorter wait here made
    // kiosks of a returning herd give up on CONNECTs node A was about to answer, and retry later (backoff).
    connectTimeout: 15_000,
    will: {
      topic: deviceTopic(deviceId, 'state'),
      payload: Buffer.from(encode(OFFLINE_WILL)),
      qos: 1,
      retain: true,
    },
  });
  const publish = (channel: 'state' | 'hb' | 'ack' | 'sig/up', message: unknown) =>
    client.publishAsync(deviceTopic(deviceId, channel), encode(message), { qos: 1 }).catch(() => undefined);

  client.on('connect', () => {
    note('connect');
    connects++;
    attempt = 0;
    void client
      // One SUBSCRIBE for both, as the agent does: aedes + aedes-persistence-redis once hung on exactly this.
      .subscribeAsync({
        [deviceTopic(deviceId, 'cmd')]: { qos: 1 },
        [deviceTopic(deviceId, 'sig/down')]: { qos: 1 },
      })
      .then(() => publish('state', { v: 1, status: 'online', state: 'idle', engine: 'none' }))
      .catch(() => undefined);
  });
  client.on('message', (topic, payload) => {
    if (topic === deviceTopic(deviceId, 'sig/down')) {
      signals.push(JSON.parse(payload.toString('utf8')) as { type: string; callId?: string });
      return;
    }
    if (topic !== deviceTopic(deviceId, 'cmd')) return;
    const command = DeviceCommand.parse(JSON.parse(payload.toString('utf8')));
    commands.push(command);
    const ack: CommandAck = { v: 1, commandId: command.id, status: 'applied', at: new Date().toISOString() };
    void publish('ack', ack);
  });
  client.on('error', (error) => {
    const code = (error as { code?: number }).code;
    note('error', error.message);
    if (typeof code === 'number') refusedWith = code;
  });
  client.on('close', () => {
    note('close');
    if (stopped || noReturn || refusedWith === 5 || retry !== null) return;
    const delay = random() * Math.min(60_000, 1_000 * 2 ** attempt);
    note('wait', Math.round(delay));
    attempt++;
    retry = setTimeout(() => {
      retry = null;
      if (stopped) return;
      note('try');
      client.reconnect();
    }, delay);
  });
  const heartbeat = setInterval(() => {
    if (!client.connected) return;
    void publish('hb', {
      v: 1,
      uptimeS: Math.floor((Date.now() - started) / 1000),
      software: 'sim',
      engine: 'none',
      at: new Date().toISOString(),
    });
  }, options.heartbeatMs);

  const halt = () => {
    stopped = true;
    clearInterval(heartbeat);
    if (retry !== null) clearTimeout(retry);
  };
  return {
    deviceId,
    commands,
    signals,
    async signal(message) {
      await publish('sig/up', { v: 1, ...message });
    },
    connected: () => client.connected,
    connects: () => connects,
    refusedWith: () => refusedWith,
    trace,
    vanish() {
      noReturn = true;
    },
    async stop() {
      halt();
      await client.endAsync(true).catch(() => undefined);
    },
  };
}
