import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DEVICE_CONFIG, deviceTopic, type ServerMessage } from '@screenvisit/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDataStore } from './data-store.js';
import { localMinutes, QUIET_RING_VOLUME } from './quiet-hours.js';
import { type CloudDouble, collect, startCloudDouble } from './testing/cloud-double.js';
import { readTree, removeDir, startTestKiosk, type TestKiosk } from './testing/kiosk.js';

// A real aedes broker and a local double of the cloud's enrolment endpoint (testing/cloud-double.ts);
// the test publishes what the cloud's call router would send on the device's sig/down.
let cloud: CloudDouble;
let kiosk: TestKiosk;
let deviceId: string;

const CALLER = 'Birthe Sørensen';

beforeAll(async () => {
  cloud = await startCloudDouble();
});
afterAll(async () => {
  await cloud.close();
});
afterEach(async () => {
  await kiosk.stop();
  await removeDir(kiosk.dataDir);
});

async function start(dataDir?: string) {
  kiosk = await startTestKiosk({
    cloudUrl: cloud.cloudUrl,
    mqttUrl: cloud.mqttUrl,
    code: cloud.issueCode(),
    ...(dataDir ? { dataDir } : {}),
  });
  await vi.waitFor(() => expect(kiosk.agent.online).toBe(true), { timeout: 5_000 });
  deviceId = kiosk.agent.deviceId as string;
  return collect(cloud.observer, deviceTopic(deviceId, 'sig/up'));
}

const signal = (message: ServerMessage) =>
  cloud.observer.publishAsync(deviceTopic(deviceId, 'sig/down'), JSON.stringify(message), { qos: 1 });

describe('kiosk agent calls', () => {
  it('rings on an incoming call, answers on the button, and sleeps again after the call ends', async () => {
    const up = await start();
    const { agent, board } = kiosk;
    expect(board.screen.state.on).toBe(false);
    const callId = randomUUID();
    await signal({
      v: 1,
      type: 'call.incoming',
      callId,
      from: { kind: 'staff', id: randomUUID() },
      displayName: CALLER,
    });

    await vi.waitFor(() => expect(board.speaker.state.ringing).toBe(true));
    expect(agent.state).toBe('ringing');
    expect(board.screen.state.on).toBe(true);
    expect(board.leds.status.pattern).toBe('blink-fast');
    expect(agent.screen.callerName).toBe(CALLER);

    board.press('answer');
    await vi.waitFor(() => expect(up).toContainEqual({ v: 1, type: 'call.accept', callId }));
    expect(agent.state).toBe('connecting');
    expect(board.speaker.state.ringing).toBe(false);
    // No media engine yet: the screen says so instead of pretending to stream.
    expect(agent.screen.message?.code).toBe('no_media');

    await signal({ v: 1, type: 'call.ended', callId, reason: 'hung_up' });
    await vi.waitFor(() => expect(agent.state).toBe('idle'));
    expect(board.speaker.state.ringing).toBe(false);
    expect(agent.screen.callerName).toBeNull();
    expect(board.screen.state.on).toBe(true);
    // SCREEN_SLEEP_SECONDS=1 in the test kiosk.
    await vi.waitFor(() => expect(agent.state).toBe('asleep'), { timeout: 3_000 });
    expect(board.screen.state.on).toBe(false);

    // The caller's name was shown, but is in no file of the data folder and in no log line.
    const files = await readTree(kiosk.dataDir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file.content).not.toContain('Birthe');
    expect(kiosk.logs.join('\n')).not.toContain('Birthe');
  });

  it('answers by itself after the countdown the cloud asked for', async () => {
    const up = await start();
    const callId = randomUUID();
    await signal({
      v: 1,
      type: 'call.incoming',
      callId,
      from: { kind: 'staff', id: randomUUID() },
      displayName: CALLER,
      autoAnswerAfterMs: 300,
    });
    await vi.waitFor(() => expect(kiosk.agent.state).toBe('ringing'));
    expect(kiosk.agent.screen.autoAnswerInSeconds).toBe(1);
    await vi.waitFor(() => expect(up).toContainEqual({ v: 1, type: 'call.accept', callId }));
    expect(kiosk.agent.state).toBe('connecting');
  });

  it('rings softly and does not answer by itself during quiet hours', async () => {
    // Quiet hours around the kiosk's wall clock right now (this machine's zone, as on a kiosk), cached from
    // an earlier config push with the ring volume at 80.
    const hhmm = (minutes: number) => {
      const m = (minutes + 1440) % 1440;
      return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    };
    const now = localMinutes(Date.now());
    const dataDir = await mkdtemp(join(tmpdir(), 'sv-kiosk-'));
    const { contacts: _, ...settings } = DEFAULT_DEVICE_CONFIG;
    await createDataStore(dataDir).writeConfig(3, {
      ...settings,
      volume: 80,
      quietHours: { start: hhmm(now - 60), end: hhmm(now + 60) },
    });
    const up = await start(dataDir);
    const callId = randomUUID();
    await signal({
      v: 1,
      type: 'call.incoming',
      callId,
      from: { kind: 'staff', id: randomUUID() },
      displayName: CALLER,
      autoAnswerAfterMs: 300,
    });
    await vi.waitFor(() => expect(kiosk.board.speaker.state.ringing).toBe(true));
    expect(kiosk.board.speaker.state.volume).toBe(QUIET_RING_VOLUME);
    expect(kiosk.agent.screen.autoAnswerInSeconds).toBeNull();
    // The countdown the cloud asked for is not run: the answer comes from the citizen's press alone.
    kiosk.board.press('answer');
    await vi.waitFor(() => expect(up).toContainEqual({ v: 1, type: 'call.accept', callId }));
    expect(up.filter((m) => (m as { type: string }).type === 'call.accept')).toHaveLength(1);
    // Once it stops ringing the configured volume is back (the call is not heard at the soft ring level).
    await vi.waitFor(() => expect(kiosk.board.speaker.state.volume).toBe(80));
  });

  it('rings at the configured volume outside quiet hours', async () => {
    await start();
    await signal({
      v: 1,
      type: 'call.incoming',
      callId: randomUUID(),
      from: { kind: 'staff', id: randomUUID() },
      displayName: CALLER,
    });
    await vi.waitFor(() => expect(kiosk.board.speaker.state.ringing).toBe(true));
    expect(kiosk.board.speaker.state.volume).toBe(DEFAULT_DEVICE_CONFIG.volume);
  });

  it('declines a ringing call on the hang-up button and stops ringing', async () => {
    const up = await start();
    const callId = randomUUID();
    await signal({
      v: 1,
      type: 'call.incoming',
      callId,
      from: { kind: 'staff', id: randomUUID() },
      displayName: CALLER,
    });
    await vi.waitFor(() => expect(kiosk.board.speaker.state.ringing).toBe(true));
    await kiosk.board.pressAndHold('answer', 1_600);
    await vi.waitFor(() => expect(up).toContainEqual({ v: 1, type: 'call.decline', callId }));
    await vi.waitFor(() => expect(kiosk.agent.state).toBe('idle'));
    expect(kiosk.board.speaker.state.ringing).toBe(false);
  });

  it('explains on screen that night watch is off, and sends nothing', async () => {
    const up = await start();
    kiosk.board.press('nightWatch');
    await vi.waitFor(() => expect(kiosk.agent.screen.message?.code).toBe('night_watch_disabled'));
    expect(kiosk.agent.state).toBe('idle');
    expect(up).toEqual([]);
    // A button that reaches nobody is not lit.
    expect(kiosk.board.leds.nightWatch.pattern).toBe('off');
  });

  it("lights the night-watch button's lamp while a press would reach the night watch, and not during a call", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sv-kiosk-'));
    const { contacts: _, ...settings } = DEFAULT_DEVICE_CONFIG;
    await createDataStore(dataDir).writeConfig(4, {
      ...settings,
      nightWatch: { enabled: true, poolId: randomUUID() },
    });
    await start(dataDir);
    await vi.waitFor(() => expect(kiosk.board.leds.nightWatch.pattern).toBe('on'));
    await signal({
      v: 1,
      type: 'call.incoming',
      callId: randomUUID(),
      from: { kind: 'staff', id: randomUUID() },
      displayName: CALLER,
    });
    await vi.waitFor(() => expect(kiosk.board.speaker.state.ringing).toBe(true));
    await vi.waitFor(() => expect(kiosk.board.leds.nightWatch.pattern).toBe('off'));
  });
});

describe('the kiosk agent on its own night-watch call', () => {
  const poolId = randomUUID();
  const hhmm = (minutes: number) => {
    const m = (minutes + 1440) % 1440;
    return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  };

  /** A kiosk with the night watch's pool cached from an earlier config push, volume 80. */
  async function startWithPool(quietNow: boolean) {
    const now = localMinutes(Date.now());
    const dataDir = await mkdtemp(join(tmpdir(), 'sv-kiosk-'));
    const { contacts: _, ...settings } = DEFAULT_DEVICE_CONFIG;
    await createDataStore(dataDir).writeConfig(5, {
      ...settings,
      volume: 80,
      quietHours: quietNow ? { start: hhmm(now - 60), end: hhmm(now + 60) } : null,
      nightWatch: { enabled: true, poolId },
    });
    const up = await start(dataDir);
    const heard: { tone: string | null; volume: number }[] = [];
    kiosk.board.onChange((change) => {
      if (change.part === 'speaker') heard.push({ tone: change.state.tone, volume: change.state.volume });
    });
    kiosk.board.press('nightWatch');
    const place = await vi.waitFor(() => {
      const sent = up.find((m) => (m as { type: string }).type === 'call.place');
      expect(sent).toBeDefined();
      return sent as { requestId: string };
    });
    return { heard, requestId: place.requestId };
  }

  it('rings back until the night watch answers, at the configured volume outside quiet hours', async () => {
    const { requestId } = await startWithPool(false);
    await vi.waitFor(() => expect(kiosk.board.speaker.state.tone).toBe('ringback'));
    expect(kiosk.board.speaker.state.volume).toBe(80);
    const callId = randomUUID();
    await signal({ v: 1, type: 'call.ringing', requestId, callId, to: { kind: 'pool', id: poolId } });
    await signal({ v: 1, type: 'call.accepted', callId, by: { kind: 'staff', id: randomUUID() } });
    await vi.waitFor(() => expect(kiosk.board.speaker.state.tone).toBeNull());
  });

  it('rings back softly in quiet hours, then plays the not-reached tone, and is silent at the configured volume after', async () => {
    const { heard, requestId } = await startWithPool(true);
    await vi.waitFor(() => expect(kiosk.board.speaker.state.tone).toBe('ringback'));
    expect(kiosk.board.speaker.state.volume).toBe(QUIET_RING_VOLUME);
    await signal({
      v: 1,
      type: 'call.refused',
      requestId,
      code: 'nobody_on_duty',
      message: 'Ring i stedet til 70 10 20 30',
      fallbackPhone: '70 10 20 30',
    });
    await vi.waitFor(() => expect(kiosk.agent.screen.message?.code).toBe('night_watch_unreachable'));
    // It plays at the soft volume (the speaker says so while it plays), ends by itself (1.5 s), and then leaves
    // the configured volume for whatever comes next.
    await vi.waitFor(() => expect(kiosk.board.speaker.state.tone).toBe('not-reached'));
    expect(kiosk.board.speaker.state.volume).toBe(QUIET_RING_VOLUME);
    await vi.waitFor(() => expect(kiosk.board.speaker.state).toMatchObject({ tone: null, volume: 80 }), {
      timeout: 5_000,
    });
    expect(heard).toContainEqual({ tone: 'not-reached', volume: QUIET_RING_VOLUME });
    expect(heard.filter((h) => h.tone === 'ringback').every((h) => h.volume === QUIET_RING_VOLUME)).toBe(
      true,
    );
  });
});
