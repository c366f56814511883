import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DEVICE_CONFIG, deviceTopic, type ServerMessage } from '@screenvisit/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDataStore } from './data-store.js';
import { screenView } from './screen/screen-view.js';
import { type CloudDouble, collect, startCloudDouble } from './testing/cloud-double.js';
import { removeDir, startTestKiosk, type TestKiosk } from './testing/kiosk.js';

// A real aedes broker and a local double of the cloud's enrolment endpoint (testing/cloud-double.ts); the test
// publishes on sig/down what the cloud sends a resident refused the night watch outside her permitted hours.
let cloud: CloudDouble;
let kiosk: TestKiosk | null = null;
const poolId = randomUUID();
const ZONE = 'Europe/Copenhagen';

beforeAll(async () => {
  cloud = await startCloudDouble();
});
afterAll(async () => {
  await cloud.close();
});
afterEach(async () => {
  if (!kiosk) return;
  await kiosk.stop();
  await removeDir(kiosk.dataDir);
  kiosk = null;
});

/** An online kiosk whose button calls the pool, with the config's number for when the cloud sends none. */
async function startWithPool() {
  const dataDir = await mkdtemp(join(tmpdir(), 'sv-kiosk-'));
  const { contacts: _, ...settings } = DEFAULT_DEVICE_CONFIG;
  await createDataStore(dataDir).writeConfig(5, {
    ...settings,
    nightWatch: { enabled: true, poolId, fallbackPhone: '33 66 33 66' },
  });
  const k = await startTestKiosk({
    cloudUrl: cloud.cloudUrl,
    mqttUrl: cloud.mqttUrl,
    code: cloud.issueCode(),
    dataDir,
  });
  kiosk = k;
  await vi.waitFor(() => expect(k.agent.online).toBe(true), { timeout: 5_000 });
  const deviceId = k.agent.deviceId as string;
  const up = await collect(cloud.observer, deviceTopic(deviceId, 'sig/up'));
  const signal = (message: ServerMessage) =>
    cloud.observer.publishAsync(deviceTopic(deviceId, 'sig/down'), JSON.stringify(message), { qos: 1 });
  /** Presses the night-watch button and waits for the call.place it sends. */
  const press = async () => {
    const before = up.length;
    k.board.press('nightWatch');
    return vi.waitFor(() => {
      const sent = up.slice(before).find((m) => (m as { type: string }).type === 'call.place');
      expect(sent).toBeDefined();
      return (sent as { requestId: string }).requestId;
    });
  };
  const glass = () => screenView(k.agent.screen, { now: Date.now(), timeZone: ZONE });
  /** The cloud pushes her new night-watch hours (a new config version, as the cloud pushes one by itself). */
  let version = 5;
  const pushHours = (windows: unknown) =>
    cloud.observer.publishAsync(
      deviceTopic(deviceId, 'cmd'),
      JSON.stringify({
        v: 1,
        id: randomUUID(),
        issuedAt: new Date().toISOString(),
        type: 'config.apply',
        version: ++version,
        config: {
          ...DEFAULT_DEVICE_CONFIG,
          nightWatch: { enabled: true, poolId, fallbackPhone: '33 66 33 66', windows },
        },
      }),
      { qos: 1 },
    );
  return { agent: k.agent, logs: k.logs, signal, press, glass, pushHours };
}

const refusedOutside = (requestId: string, nextAllowedAt: string): ServerMessage => ({
  v: 1,
  type: 'call.refused',
  requestId,
  code: 'outside_time_window',
  message: 'Der kan ikke ringes lige nu. Prøv igen inden for de aftalte tider.',
  nextAllowedAt,
});

describe('a night-watch call refused outside her permitted hours, on the kiosk', () => {
  it('says she cannot call the night watch now, when she can, and the number to ring instead', async () => {
    const k = await startWithPool();
    const requestId = await k.press();
    const opens = new Date(Date.now() + 2 * 3_600_000).toISOString();
    await k.signal(refusedOutside(requestId, opens));
    await vi.waitFor(() => expect(k.agent.screen.nextAllowedAt).toBe(Date.parse(opens)));
    await vi.waitFor(() => expect(k.agent.state).toBe('idle'));
    expect(k.glass()).toMatchObject({
      tone: 'alert',
      title: 'Du kan ikke ringe til nattevagten nu',
      subtitle: 'Ring i stedet til',
      detail: '33 66 33 66',
    });
    // In two hours: today or, late in the evening, tomorrow, at the Copenhagen time (the exact words: next-call.test).
    expect(k.glass().hint).toMatch(/^Du kan ringe igen (i dag|i morgen) kl\. \d{1,2}\.\d{2}\.$/);
  });

  it('forgets the time with the next call: a later "not reached" says nothing of the old window', async () => {
    const k = await startWithPool();
    await k.signal(refusedOutside(await k.press(), new Date(Date.now() + 3_600_000).toISOString()));
    await vi.waitFor(() => expect(k.agent.screen.nextAllowedAt).not.toBeNull());
    await vi.waitFor(() => expect(k.agent.state).toBe('idle'));

    // Inside her hours now, but nobody on duty takes it.
    const second = await k.press();
    expect(k.agent.screen.nextAllowedAt).toBeNull();
    await k.signal({
      v: 1,
      type: 'call.refused',
      requestId: second,
      code: 'nobody_on_duty',
      message: 'Nattevagten kan ikke tage opkaldet lige nu.',
      fallbackPhone: '70 10 20 30',
    });
    await vi.waitFor(() => expect(k.agent.screen.message?.code).toBe('night_watch_unreachable'));
    expect(k.glass()).toMatchObject({
      title: 'Vi kunne ikke få fat i nattevagten',
      detail: '70 10 20 30',
      hint: null,
    });
  });

  it('goes back to rest at once when her new hours let her call now, not after its 3 minutes', async () => {
    const k = await startWithPool();
    await k.signal(refusedOutside(await k.press(), new Date(Date.now() + 2 * 3_600_000).toISOString()));
    await vi.waitFor(() => expect(k.glass().title).toBe('Du kan ikke ringe til nattevagten nu'));
    await vi.waitFor(() => expect(k.agent.state).toBe('idle'));

    // Support widens her hours to every hour of every day: a press reaches the night watch now.
    await k.pushHours([{ days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' }]);
    await vi.waitFor(() => expect(k.agent.screen.message).toBeNull());
    expect(k.agent.screen).toMatchObject({ nextAllowedAt: null, fallbackPhone: null });
    expect(k.glass().tone).toBe('calm');
    expect(k.agent.state).toBe('idle');
  });

  it('promises no time at once when her hours are taken away, and keeps the number to ring', async () => {
    const k = await startWithPool();
    await k.signal(refusedOutside(await k.press(), new Date(Date.now() + 2 * 3_600_000).toISOString()));
    await vi.waitFor(() => expect(k.agent.screen.nextAllowedAt).not.toBeNull());
    await vi.waitFor(() => expect(k.agent.state).toBe('idle'));

    await k.pushHours([]);
    await vi.waitFor(() => expect(k.agent.screen.nextAllowedAt).toBeNull());
    expect(k.glass()).toMatchObject({
      title: 'Vi kunne ikke få fat i nattevagten',
      detail: '33 66 33 66',
      hint: null,
    });
  });

  it('puts no time on the screen from a refusal of a request that is not hers', async () => {
    const k = await startWithPool();
    const requestId = await k.press();
    await k.signal(refusedOutside('someone-else', new Date(Date.now() + 3_600_000).toISOString()));
    // Then her own call rings at the night watch: sig/down is delivered in order, so once the kiosk logs that,
    // the foreign refusal before it has been handled (and ignored by the controller).
    await k.signal({
      v: 1,
      type: 'call.ringing',
      requestId,
      callId: randomUUID(),
      to: { kind: 'pool', id: poolId },
    });
    await vi.waitFor(() => expect(k.logs.join('\n')).toContain('the night watch is ringing'));
    expect(k.agent.screen.message?.code).toBe('calling_night_watch');
    expect(k.agent.screen.nextAllowedAt).toBeNull();
  });
});
