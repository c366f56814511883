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
  return { agent: k.agent, logs: k.logs, signal, press, glass };
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
