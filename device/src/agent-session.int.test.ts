import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_SCHEMA, DEFAULT_DEVICE_CONFIG, deviceTopic } from '@screenvisit/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ReconnectPolicy } from './backoff.js';
import {
  type CloudDouble,
  collect,
  collectWithQos,
  readRetained,
  startCloudDouble,
} from './testing/cloud-double.js';
import { readTree, removeDir, startTestKiosk, type TestKiosk } from './testing/kiosk.js';

// A real aedes broker and a local double of the cloud's enrolment endpoint (testing/cloud-double.ts).
let cloud: CloudDouble;
const kiosks: TestKiosk[] = [];

beforeAll(async () => {
  cloud = await startCloudDouble();
});
afterAll(async () => {
  await cloud.close();
});
afterEach(async () => {
  for (const kiosk of kiosks.splice(0)) {
    await kiosk.stop();
    await removeDir(kiosk.dataDir);
  }
});

async function enrolledKiosk(options: { reconnectPolicy?: ReconnectPolicy } = {}) {
  const kiosk = await startTestKiosk({
    cloudUrl: cloud.cloudUrl,
    mqttUrl: cloud.mqttUrl,
    code: cloud.issueCode(),
    ...options,
  });
  kiosks.push(kiosk);
  await vi.waitFor(() => expect(kiosk.agent.online).toBe(true), { timeout: 5_000 });
  return { ...kiosk, deviceId: kiosk.agent.deviceId as string };
}

const command = (fields: Record<string, unknown>) =>
  JSON.stringify({ v: 1, id: randomUUID(), issuedAt: new Date().toISOString(), ...fields });

describe('kiosk agent session', () => {
  it('enrols with the code, stores a 0600 credential and goes online with a retained state', async () => {
    const { deviceId, dataDir, agent } = await enrolledKiosk();
    const credential = await stat(join(dataDir, 'credential.json'));
    expect(credential.mode & 0o777).toBe(0o600);
    expect(agent.state).toBe('asleep');
    expect(await readRetained(cloud.mqttUrl, deviceTopic(deviceId, 'state'))).toMatchObject({
      v: 1,
      status: 'online',
      state: 'asleep',
      engine: 'none',
      software: expect.stringMatching(/^screenvisit-kiosk\//),
      configVersion: 0,
      configSchema: CONFIG_SCHEMA,
    });
  });

  it('publishes its state, with its config schema, before it subscribes, so the cloud knows the schema at its flush', async () => {
    const seen: string[] = [];
    const onPublish = (packet: { topic: string }, client: { id: string } | null) => {
      if (client && packet.topic === deviceTopic(client.id, 'state')) seen.push(`state ${client.id}`);
    };
    const onSubscribe = (_subscriptions: unknown, client: { id: string }) =>
      seen.push(`subscribe ${client.id}`);
    cloud.broker.on('publish', onPublish);
    cloud.broker.on('subscribe', onSubscribe);
    try {
      const { deviceId } = await enrolledKiosk();
      expect(seen.filter((event) => event.endsWith(deviceId))).toEqual([
        `state ${deviceId}`,
        `subscribe ${deviceId}`,
      ]);
    } finally {
      cloud.broker.off('publish', onPublish);
      cloud.broker.off('subscribe', onSubscribe);
    }
  });

  it('stays unenrolled and says so when there is no code', async () => {
    const kiosk = await startTestKiosk({ cloudUrl: cloud.cloudUrl, mqttUrl: cloud.mqttUrl });
    kiosks.push(kiosk);
    expect(kiosk.agent.state).toBe('unenrolled');
    expect(kiosk.agent.screen.message?.code).toBe('not_enrolled');
    expect(kiosk.logs.join('\n')).toMatch(/ENROLMENT_CODE is not set/);
  });

  it('drops a damaged cached configuration with a log line, starts from the defaults and comes online', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sv-kiosk-'));
    await writeFile(join(dataDir, 'config.json'), '{"v":1,"configVersion":7,"settings":{"vol');
    const kiosk = await startTestKiosk({
      cloudUrl: cloud.cloudUrl,
      mqttUrl: cloud.mqttUrl,
      code: cloud.issueCode(),
      dataDir,
    });
    kiosks.push(kiosk);
    await vi.waitFor(() => expect(kiosk.agent.online).toBe(true), { timeout: 5_000 });
    expect(kiosk.logs.join('\n')).toMatch(/the cached configuration is damaged/);
    // Version 0: the cloud sees the kiosk has no config and its outbox sends the current one.
    expect(
      await readRetained(cloud.mqttUrl, deviceTopic(kiosk.agent.deviceId as string, 'state')),
    ).toMatchObject({ configVersion: 0, status: 'online' });
    expect(kiosk.agent.screen.message).toBeNull();
  });

  it('stays unenrolled when the cloud refuses the code', async () => {
    const kiosk = await startTestKiosk({
      cloudUrl: cloud.cloudUrl,
      mqttUrl: cloud.mqttUrl,
      code: 'USED-USED-USED',
    });
    kiosks.push(kiosk);
    await vi.waitFor(() => expect(kiosk.agent.screen.message?.code).toBe('enrolment_failed'));
    expect(kiosk.agent.state).toBe('unenrolled');
    expect(kiosk.logs.join('\n')).toMatch(/"reason":"enrolment_refused"/);
    expect(await readdir(kiosk.dataDir)).toEqual([]);
  });

  it('leaves the offline will retained when its socket dies, then reconnects and is online again', async () => {
    // Back after 2 s: time enough to read the will before the agent republishes online.
    const { deviceId } = await enrolledKiosk({ reconnectPolicy: { nextRetryDelayInMs: () => 2_000 } });
    const stateTopic = deviceTopic(deviceId, 'state');
    const live = await collect(cloud.observer, stateTopic);
    cloud.dropConnection(deviceId);
    await vi.waitFor(() => expect(live).toContainEqual({ v: 1, status: 'offline' }));
    expect(await readRetained(cloud.mqttUrl, stateTopic)).toEqual({ v: 1, status: 'offline' });
    await vi.waitFor(() => expect(live.at(-1)).toMatchObject({ status: 'online', state: 'asleep' }), {
      timeout: 5_000,
    });
  });

  it('applies a newer config, caches only its non-personal part and acknowledges the version at QoS 0', async () => {
    const { deviceId, board, dataDir } = await enrolledKiosk();
    const acks = await collect(cloud.observer, deviceTopic(deviceId, 'ack'));
    const withQos = await collectWithQos(cloud.observer, deviceTopic(deviceId, 'ack'));
    const config = {
      volume: 40,
      brightness: 55,
      autoAnswer: { enabled: true, countdownSeconds: 5 },
      quietHours: { start: '22:00', end: '07:00' },
      nightWatch: { enabled: true },
      contacts: [{ id: randomUUID(), displayName: 'Karen Margrethe Jensen' }],
    };
    const apply = command({ type: 'config.apply', version: 3, config });
    await cloud.observer.publishAsync(deviceTopic(deviceId, 'cmd'), apply, { qos: 1 });
    await vi.waitFor(() => expect(acks).toHaveLength(1));
    expect(acks[0]).toMatchObject({ commandId: JSON.parse(apply).id, status: 'applied', appliedVersion: 3 });
    expect(board.speaker.state.volume).toBe(40);
    expect(board.screen.state.brightness).toBe(55);
    const files = await readTree(dataDir);
    expect(files.map((f) => f.path.slice(dataDir.length + 1)).sort()).toEqual([
      'config.json',
      'credential.json',
    ]);
    expect(JSON.parse(files.find((f) => f.path.endsWith('config.json'))!.content)).toMatchObject({
      configVersion: 3,
      settings: { volume: 40, nightWatch: { enabled: true } },
    });
    expect(files.some((f) => f.content.includes('Karen'))).toBe(false);
    await vi.waitFor(async () =>
      expect(await readRetained(cloud.mqttUrl, deviceTopic(deviceId, 'state'))).toMatchObject({
        configVersion: 3,
      }),
    );

    const older = command({ type: 'config.apply', version: 2, config: { ...config, volume: 90 } });
    await cloud.observer.publishAsync(deviceTopic(deviceId, 'cmd'), older, { qos: 1 });
    await vi.waitFor(() => expect(acks).toHaveLength(2));
    expect(acks[1]).toMatchObject({ commandId: JSON.parse(older).id, status: 'applied', appliedVersion: 3 });
    expect(board.speaker.state.volume).toBe(40);
    // A config.apply's ack is QoS 0: the cloud's outbox resends an unacknowledged command (protocol ACK_QOS).
    expect(withQos.map((p) => p.qos)).toEqual([0, 0]);
  });

  it('applies a config from a newer cloud, ignoring the fields it does not know, and still rejects a bad known one', async () => {
    const { deviceId, board, logs, dataDir } = await enrolledKiosk();
    const acks = await collect(cloud.observer, deviceTopic(deviceId, 'ack'));
    const cmd = deviceTopic(deviceId, 'cmd');
    const newer = {
      ...DEFAULT_DEVICE_CONFIG,
      volume: 35,
      dimAtNight: true,
      nightWatch: { enabled: false, ringTone: 'bells' },
    };
    await cloud.observer.publishAsync(cmd, command({ type: 'config.apply', version: 2, config: newer }), {
      qos: 1,
    });
    await vi.waitFor(() => expect(acks).toHaveLength(1));
    expect(acks[0]).toMatchObject({ status: 'applied', appliedVersion: 2 });
    expect(board.speaker.state.volume).toBe(35);
    const ignoredLine = logs.find((line) => line.includes('does not know: ignored'));
    expect(JSON.parse(ignoredLine ?? '{}')).toMatchObject({ ignored: ['nightWatch.ringTone', 'dimAtNight'] });
    // What it does not know is not kept either.
    expect(JSON.stringify((await readTree(dataDir)).map((f) => f.content))).not.toMatch(
      /dimAtNight|ringTone/,
    );

    const bad = command({ type: 'config.apply', version: 3, config: { ...newer, volume: 101 } });
    await cloud.observer.publishAsync(cmd, bad, { qos: 1 });
    await vi.waitFor(() => expect(acks).toHaveLength(2));
    expect(acks[1]).toMatchObject({
      commandId: JSON.parse(bad).id,
      status: 'rejected',
      reason: expect.stringMatching(/volume/),
    });
    expect(board.speaker.state.volume).toBe(35);
  });

  it('rejects a malformed command it can identify and survives one it cannot', async () => {
    const { deviceId, agent } = await enrolledKiosk();
    const acks = await collect(cloud.observer, deviceTopic(deviceId, 'ack'));
    const cmd = deviceTopic(deviceId, 'cmd');
    await cloud.observer.publishAsync(cmd, Buffer.from([0xff, 0x00, 0x13]), { qos: 1 });
    const bad = command({ type: 'config.apply', version: 'seven' });
    await cloud.observer.publishAsync(cmd, bad, { qos: 1 });
    await vi.waitFor(() => expect(acks).toHaveLength(1));
    expect(acks[0]).toMatchObject({
      commandId: JSON.parse(bad).id,
      status: 'rejected',
      reason: expect.any(String),
    });
    const identify = command({ type: 'identify', seconds: 2 });
    await cloud.observer.publishAsync(cmd, identify, { qos: 1 });
    await vi.waitFor(() => expect(acks).toHaveLength(2));
    expect(acks[1]).toMatchObject({ commandId: JSON.parse(identify).id, status: 'applied' });
    expect(agent.online).toBe(true);
  });

  it('wipes on command: acknowledges at QoS 1, erases the data folder and returns to unenrolled', async () => {
    const { deviceId, dataDir, agent } = await enrolledKiosk();
    const acks = await collect(cloud.observer, deviceTopic(deviceId, 'ack'));
    const withQos = await collectWithQos(cloud.observer, deviceTopic(deviceId, 'ack'));
    const wipe = command({ type: 'wipe' });
    await cloud.observer.publishAsync(deviceTopic(deviceId, 'cmd'), wipe, { qos: 1 });
    await vi.waitFor(() => expect(acks).toHaveLength(1));
    expect(acks[0]).toMatchObject({ commandId: JSON.parse(wipe).id, status: 'applied' });
    // Its loss would matter (the credential is gone): QoS 1, acknowledged by the cloud after its commit.
    expect(withQos.map((p) => p.qos)).toEqual([1]);
    await vi.waitFor(() => expect(agent.state).toBe('unenrolled'));
    expect(await readdir(dataDir)).toEqual([]);
    expect(agent.deviceId).toBeNull();
    await vi.waitFor(() => expect(agent.online).toBe(false));
  });

  it('restarts on command: acknowledges, drops its session and comes back online with the same credential', async () => {
    const { deviceId, dataDir, agent } = await enrolledKiosk();
    const acks = await collect(cloud.observer, deviceTopic(deviceId, 'ack'));
    const seen: boolean[] = [];
    agent.on('connection', (up) => seen.push(up));
    const restart = command({ type: 'restart' });
    await cloud.observer.publishAsync(deviceTopic(deviceId, 'cmd'), restart, { qos: 1 });
    await vi.waitFor(() => expect(acks).toHaveLength(1));
    expect(acks[0]).toMatchObject({ commandId: JSON.parse(restart).id, status: 'applied' });
    await vi.waitFor(() => expect(seen).toContain(true), { timeout: 5_000 });
    expect(agent.online).toBe(true);
    expect(agent.deviceId).toBe(deviceId);
    expect(await readdir(dataDir)).toContain('credential.json');
  });

  it('wipes itself when the broker refuses its credential (CONNACK 5) after an outage', async () => {
    const { deviceId, dataDir, agent } = await enrolledKiosk();
    cloud.revoke(deviceId);
    cloud.dropConnection(deviceId);
    await vi.waitFor(() => expect(agent.state).toBe('unenrolled'), { timeout: 5_000 });
    expect(await readdir(dataDir)).toEqual([]);
    // Issue 11: a revoked credential says so ("Skærmen er koblet fra") with a code to read to support, rather
    // than the plain "not set up" a kiosk fresh from the box shows.
    expect(agent.screen.message?.code).toBe('credential_revoked');
  });
});
