import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DEVICE_CONFIG, deviceTopic } from '@screenvisit/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDataStore } from './data-store.js';
import { localMinutes, QUIET_RING_VOLUME } from './quiet-hours.js';
import { type CloudDouble, collect, startCloudDouble } from './testing/cloud-double.js';
import { removeDir, startTestKiosk, type TestKiosk } from './testing/kiosk.js';

// A real aedes broker and a local double of the cloud's enrolment endpoint (testing/cloud-double.ts).
let cloud: CloudDouble;
let kiosk: TestKiosk | undefined;

beforeAll(async () => {
  cloud = await startCloudDouble();
});
afterAll(async () => {
  await cloud.close();
});
afterEach(async () => {
  await kiosk?.stop();
  if (kiosk) await removeDir(kiosk.dataDir);
});

/** Quiet hours around the kiosk's wall clock right now, whatever the hour the test runs at. */
const hhmm = (minutes: number) => {
  const m = (minutes + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/**
 * A kiosk online in quiet hours around its wall clock right now, configured at 80 % (version 3): its acks, and
 * a way to publish to its command and signalling topics.
 */
async function startQuietKiosk() {
  const now = localMinutes(Date.now());
  const quietHours = { start: hhmm(now - 60), end: hhmm(now + 60) };
  const dataDir = await mkdtemp(join(tmpdir(), 'sv-kiosk-'));
  const { contacts: _, ...settings } = DEFAULT_DEVICE_CONFIG;
  await createDataStore(dataDir).writeConfig(3, { ...settings, volume: 80, quietHours });
  const started = await startTestKiosk({
    cloudUrl: cloud.cloudUrl,
    mqttUrl: cloud.mqttUrl,
    code: cloud.issueCode(),
    dataDir,
  });
  kiosk = started;
  await vi.waitFor(() => expect(started.agent.online).toBe(true), { timeout: 5_000 });
  const deviceId = started.agent.deviceId as string;
  const acks = await collect(cloud.observer, deviceTopic(deviceId, 'ack'));
  const publish = (channel: 'cmd' | 'sig/down', message: unknown) =>
    cloud.observer.publishAsync(deviceTopic(deviceId, channel), JSON.stringify(message), { qos: 1 });
  return { started, quietHours, acks, publish };
}

describe('a config push while the kiosk rings in quiet hours', () => {
  it('keeps the soft ring, and the new volume is there once the ring stops', async () => {
    const { started, quietHours, acks, publish } = await startQuietKiosk();

    const callId = randomUUID();
    await publish('sig/down', {
      v: 1,
      type: 'call.incoming',
      callId,
      from: { kind: 'staff', id: randomUUID() },
      displayName: 'Jonas Nielsen',
    });
    await vi.waitFor(() => expect(kiosk?.board.speaker.state.ringing).toBe(true));
    expect(started.board.speaker.state.volume).toBe(QUIET_RING_VOLUME);

    // Support turns the volume up while it rings at night.
    await publish('cmd', {
      v: 1,
      id: randomUUID(),
      issuedAt: new Date().toISOString(),
      type: 'config.apply',
      version: 4,
      config: { ...DEFAULT_DEVICE_CONFIG, volume: 90, quietHours },
    });
    await vi.waitFor(() => expect(acks).toContainEqual(expect.objectContaining({ appliedVersion: 4 })));
    expect(started.board.speaker.state).toMatchObject({ ringing: true, volume: QUIET_RING_VOLUME });

    await publish('sig/down', { v: 1, type: 'call.ended', callId, reason: 'hung_up' });
    await vi.waitFor(() => expect(kiosk?.board.speaker.state).toMatchObject({ tone: null, volume: 90 }));
  });

  it('keeps the soft ring when the push lands while the ring is starting, between its volume and its sound', async () => {
    const { started, quietHours, acks, publish } = await startQuietKiosk();

    // The ringing state's steps are held after the quiet volume is set and before the ring starts (the status
    // lamp's blink comes between them, state-effects.ts applyLook).
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding = false;
    const status = started.board.leds.status;
    const set = status.set.bind(status);
    status.set = async (pattern) => {
      if (pattern === 'blink-fast') {
        holding = true;
        await held;
      }
      return set(pattern);
    };

    const callId = randomUUID();
    await publish('sig/down', {
      v: 1,
      type: 'call.incoming',
      callId,
      from: { kind: 'staff', id: randomUUID() },
      displayName: 'Jonas Nielsen',
    });
    await vi.waitFor(() => expect(holding).toBe(true));
    expect(started.board.speaker.state.volume).toBe(QUIET_RING_VOLUME);
    await publish('cmd', {
      v: 1,
      id: randomUUID(),
      issuedAt: new Date().toISOString(),
      type: 'config.apply',
      version: 4,
      config: { ...DEFAULT_DEVICE_CONFIG, volume: 90, quietHours },
    });
    // The push has arrived and, before the fix, set its volume at once; then the ring starts.
    await new Promise((resolve) => setTimeout(resolve, 500));
    release();
    await vi.waitFor(() => expect(acks).toContainEqual(expect.objectContaining({ appliedVersion: 4 })));
    await vi.waitFor(() => expect(kiosk?.board.speaker.state.ringing).toBe(true));
    expect(started.board.speaker.state.volume).toBe(QUIET_RING_VOLUME);

    await publish('sig/down', { v: 1, type: 'call.ended', callId, reason: 'hung_up' });
    await vi.waitFor(() => expect(kiosk?.board.speaker.state).toMatchObject({ tone: null, volume: 90 }));
  });
});

describe('a config push that ends the loan', () => {
  it('forgets the missed call of the last borrower when the kiosk is returned, and keeps it while lent', async () => {
    kiosk = await startTestKiosk({
      cloudUrl: cloud.cloudUrl,
      mqttUrl: cloud.mqttUrl,
      code: cloud.issueCode(),
    });
    await vi.waitFor(() => expect(kiosk?.agent.online).toBe(true), { timeout: 5_000 });
    const deviceId = kiosk.agent.deviceId as string;
    const acks = await collect(cloud.observer, deviceTopic(deviceId, 'ack'));
    const publish = (channel: 'cmd' | 'sig/down', message: unknown) =>
      cloud.observer.publishAsync(deviceTopic(deviceId, channel), JSON.stringify(message), { qos: 1 });
    const push = async (version: number, lent: boolean) => {
      await publish('cmd', {
        v: 1,
        id: randomUUID(),
        issuedAt: new Date().toISOString(),
        type: 'config.apply',
        version,
        config: { ...DEFAULT_DEVICE_CONFIG, lent },
      });
      await vi.waitFor(() =>
        expect(acks).toContainEqual(expect.objectContaining({ appliedVersion: version })),
      );
    };

    const callId = randomUUID();
    await publish('sig/down', {
      v: 1,
      type: 'call.incoming',
      callId,
      from: { kind: 'staff', id: randomUUID() },
      displayName: 'Jonas Nielsen',
    });
    await vi.waitFor(() => expect(kiosk?.agent.state).toBe('ringing'));
    await publish('sig/down', { v: 1, type: 'call.ended', callId, reason: 'no_answer' });
    await vi.waitFor(() => expect(kiosk?.agent.screen.missedCall?.from).toBe('Jonas Nielsen'));

    // Still lent (a volume change, say): she still sees who called.
    await push(2, true);
    expect(kiosk.agent.screen.missedCall?.from).toBe('Jonas Nielsen');
    // Taken back by support: the next borrower must not read it.
    await push(3, false);
    expect(kiosk.agent.screen.missedCall).toBeNull();
  });
});

describe("a config push with the resident's night-watch hours", () => {
  it('puts out the lamp outside her hours and lights it inside them, at once', async () => {
    kiosk = await startTestKiosk({
      cloudUrl: cloud.cloudUrl,
      mqttUrl: cloud.mqttUrl,
      code: cloud.issueCode(),
    });
    await vi.waitFor(() => expect(kiosk?.agent.online).toBe(true), { timeout: 5_000 });
    const deviceId = kiosk.agent.deviceId as string;
    const acks = await collect(cloud.observer, deviceTopic(deviceId, 'ack'));
    const poolId = randomUUID();
    const every = [1, 2, 3, 4, 5, 6, 7];
    const now = localMinutes(Date.now());
    const push = async (version: number, windows?: { days: number[]; from: string; to: string }[]) => {
      await cloud.observer.publishAsync(
        deviceTopic(deviceId, 'cmd'),
        JSON.stringify({
          v: 1,
          id: randomUUID(),
          issuedAt: new Date().toISOString(),
          type: 'config.apply',
          version,
          config: {
            ...DEFAULT_DEVICE_CONFIG,
            nightWatch: { enabled: true, poolId, ...(windows ? { windows } : {}) },
          },
        }),
        { qos: 1 },
      );
      await vi.waitFor(() =>
        expect(acks).toContainEqual(expect.objectContaining({ appliedVersion: version })),
      );
    };
    const led = () => kiosk?.board.leds.nightWatch.pattern;

    // No hours (an older cloud, or at any time): lit whenever a pool is set, as before.
    await push(2);
    await vi.waitFor(() => expect(led()).toBe('on'));
    await push(3, [{ days: every, from: hhmm(now + 60), to: hhmm(now + 120) }]);
    await vi.waitFor(() => expect(led()).toBe('off'));
    await push(4, [{ days: every, from: hhmm(now - 60), to: hhmm(now + 60) }]);
    await vi.waitFor(() => expect(led()).toBe('on'));
    // She may no longer call the night watch: out.
    await push(5, []);
    await vi.waitFor(() => expect(led()).toBe('off'));
  });
});
