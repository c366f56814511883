import { randomUUID } from 'node:crypto';
import { deviceTopic } from '@screenvisit/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { screenView } from './screen/screen-view.js';
import { type CloudDouble, collect, startCloudDouble } from './testing/cloud-double.js';
import { removeDir, startTestKiosk, type TestKiosk } from './testing/kiosk.js';

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
  for (const kiosk of kiosks.splice(0)) await kiosk.stop();
});

describe("the night watch's switchboard number on a kiosk that cannot reach the cloud", () => {
  it('keeps the number the cloud pushed and shows it when the button is pressed offline, after a restart', async () => {
    const online = await startTestKiosk({
      cloudUrl: cloud.cloudUrl,
      mqttUrl: cloud.mqttUrl,
      code: cloud.issueCode(),
    });
    kiosks.push(online);
    await vi.waitFor(() => expect(online.agent.online).toBe(true), { timeout: 5_000 });
    const deviceId = online.agent.deviceId as string;
    const acks = await collect(cloud.observer, deviceTopic(deviceId, 'ack'));
    const config = {
      volume: 70,
      brightness: 80,
      autoAnswer: { enabled: false, countdownSeconds: 10 },
      quietHours: null,
      nightWatch: { enabled: true, poolId: randomUUID(), fallbackPhone: '33 66 33 66' },
      contacts: [],
    };
    const apply = {
      v: 1,
      id: randomUUID(),
      issuedAt: new Date().toISOString(),
      type: 'config.apply',
      version: 2,
      config,
    };
    await cloud.observer.publishAsync(deviceTopic(deviceId, 'cmd'), JSON.stringify(apply), { qos: 1 });
    await vi.waitFor(() => expect(acks).toContainEqual(expect.objectContaining({ status: 'applied' })));
    await online.stop();
    kiosks.splice(0);

    // The same box after a power cut, in a building whose network is down: nothing listens on port 9.
    const offline = await startTestKiosk({
      cloudUrl: 'http://127.0.0.1:9',
      mqttUrl: 'mqtt://127.0.0.1:9',
      dataDir: online.dataDir,
    });
    kiosks.push(offline);
    await vi.waitFor(() => expect(offline.agent.state).toBe('asleep'), { timeout: 5_000 });
    expect(offline.agent.online).toBe(false);
    offline.board.press('nightWatch');
    await vi.waitFor(() => expect(offline.agent.screen.message?.code).toBe('night_watch_unreachable'));
    expect(screenView(offline.agent.screen, { now: Date.now() })).toMatchObject({
      title: 'Vi kunne ikke få fat i nattevagten',
      subtitle: 'Ring i stedet til',
      detail: '33 66 33 66',
    });
    await offline.stop();
    kiosks.splice(0);
    await removeDir(offline.dataDir);
  });
});
