import { request } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDevControl } from './dev-control.js';
import { type CloudDouble, startCloudDouble } from './testing/cloud-double.js';
import { removeDir, startTestKiosk, type TestKiosk } from './testing/kiosk.js';

// The dev page drives a real agent on a simulated board, enrolled against the local cloud double.
let cloud: CloudDouble;
let kiosk: TestKiosk;
let dev: Awaited<ReturnType<typeof startDevControl>>;

beforeAll(async () => {
  cloud = await startCloudDouble();
  kiosk = await startTestKiosk({ cloudUrl: cloud.cloudUrl, mqttUrl: cloud.mqttUrl, code: cloud.issueCode() });
  await vi.waitFor(() => expect(kiosk.agent.online).toBe(true), { timeout: 5_000 });
  dev = await startDevControl({
    port: 0,
    agent: kiosk.agent,
    board: kiosk.board,
    log: pino({ level: 'silent' }),
  });
});
afterAll(async () => {
  await dev.close();
  await kiosk.stop();
  await removeDir(kiosk.dataDir);
  await cloud.close();
});

describe('the dev control page', () => {
  it('serves a Danish page (English alongside) with buttons to press', async () => {
    const res = await fetch(dev.url);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('<html lang="da">');
    expect(html).toContain('Tryk på den grønne knap');
    expect(html).toContain('Press answer');
    expect(html).toContain('Press night watch');
  });

  it('reports the call’s video frames from the media engine, and null when it cannot say', async () => {
    const frames = { framesSent: 12, framesReceived: 9, bytesSent: 1, bytesReceived: 1, candidatePair: null };
    const silent = pino({ level: 'silent' });
    for (const [stats, expected] of [
      [async () => frames, { framesSent: 12, framesReceived: 9 }],
      [async () => null, null],
      [() => Promise.reject(new Error('engine gone')), null],
    ] as const) {
      const page = await startDevControl({
        port: 0,
        agent: kiosk.agent,
        board: kiosk.board,
        media: { stats },
        log: silent,
      });
      try {
        const state = await (await fetch(new URL('/state', page.url))).json();
        expect(state.video).toEqual(expected);
      } finally {
        await page.close();
      }
    }
  });

  it('reports the agent, the kiosk screen and the simulated hardware as JSON', async () => {
    const state = await (await fetch(new URL('/state', dev.url))).json();
    expect(state).toMatchObject({
      state: 'asleep',
      deviceId: kiosk.agent.deviceId,
      kiosk: { mode: 'asleep', online: true },
      glass: { page: 'dark' },
      hardware: { screen: { on: false }, speaker: { ringing: false } },
    });
  });

  it('shows what the glass shows, not a guess of its own (the rest screen: clock, date, connection)', async () => {
    await fetch(new URL('/touch', dev.url), { method: 'POST', headers: { 'x-dev-control': '1' } });
    await vi.waitFor(() => expect(kiosk.agent.state).toBe('idle'));
    const { glass } = await (await fetch(new URL('/state', dev.url))).json();
    expect(glass).toMatchObject({ page: 'text', tone: 'calm', status: 'Forbundet', hint: null });
    expect(glass.title).toMatch(/^\d{2}\.\d{2}$/);
    expect(glass.detail).toMatch(
      /^(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag) \d{1,2}\. [a-zæøå]+$/,
    );
    const html = await (await fetch(dev.url)).text();
    // The page draws the glass's lines; it no longer writes its own "<name> ringer" for every mode.
    expect(html).toContain("$('g-title')");
    expect(html).not.toContain("' ringer'");
  });

  it('presses a simulated button, which wakes the kiosk', async () => {
    const res = await fetch(new URL('/press/answer', dev.url), {
      method: 'POST',
      headers: { 'x-dev-control': '1' },
    });
    expect(res.status).toBe(202);
    await vi.waitFor(() => expect(kiosk.agent.state).toBe('idle'));
    expect(kiosk.board.screen.state.on).toBe(true);
  });

  it('refuses presses without its header, unknown buttons and foreign Host names', async () => {
    const post = (path: string, headers: Record<string, string> = { 'x-dev-control': '1' }) =>
      fetch(new URL(path, dev.url), { method: 'POST', headers });
    expect((await post('/press/answer', {})).status).toBe(403);
    expect((await post('/press/selfDestruct')).status).toBe(404);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(new URL('/state', dev.url), { headers: { host: 'attacker.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });
});
