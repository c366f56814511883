import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, hasChromium } from '../../../test-support/requirements.js';
import { seriousViolations } from './browser-checks.js';
import {
  activateCitizen,
  type CallsCloud,
  expectRemoteVideo,
  logInStaff,
  seedCallWorld,
  startCallsCloud,
} from './calls-world.js';
import { type BadNetwork, createBadNetwork, hasNetns } from './netns.js';
import { shoot } from './shots.js';

/** The visit's call button: "Ring igen til …" once an earlier test of the file recorded an outcome for it. */
const VISIT_CALL = /^Ring (igen )?til Birthe Borger/;

/**
 * Calls over a REAL bad network (issue 15 §6, "Done when" a–d): the citizen's Chromium runs inside its own
 * network namespace behind a veth pair (netns.ts), so its media and signalling cross a link this test cuts,
 * rate-limits (tc tbf) and makes lossy (nftables numgen). The staff member's Chromium is on the host. Staff
 * calls, so staff is the ICE-restarting caller; nobody clicks anything after answering.
 *
 * Recovery times are printed (and recorded in docs/performance.md with the machine's load), not asserted:
 * the brief forbids timed assertions on this shared machine. What is asserted is that the call survives and
 * the media comes back by itself, and for the long cut that it came back through an ICE restart.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface MediaCounters {
  framesDecoded: number;
  audioPackets: number;
  sentVideoBytes: number;
  iceState: string;
  /** The browser's outgoing estimate (bit/s), for the printed diagnostics. */
  bwe: number | undefined;
  /** What this page's adaptation chose (call-view data-video-level). */
  level: string | null | undefined;
  ufrag: string | undefined;
}

/** The page's newest peer connection (recorded by calls-world.ts instrument()), read through getStats. */
function counters(page: Page): Promise<MediaCounters> {
  return page.evaluate(async () => {
    const pc = (window as unknown as { __sv: { pcs: RTCPeerConnection[] } }).__sv.pcs.at(-1)!;
    const c = { framesDecoded: 0, audioPackets: 0, sentVideoBytes: 0, bwe: undefined as number | undefined };
    (await pc.getStats()).forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') c.framesDecoded += s.framesDecoded ?? 0;
      if (s.type === 'inbound-rtp' && s.kind === 'audio') c.audioPackets += s.packetsReceived ?? 0;
      if (s.type === 'outbound-rtp' && s.kind === 'video') c.sentVideoBytes += s.bytesSent ?? 0;
      if (s.type === 'candidate-pair' && s.nominated && s.availableOutgoingBitrate)
        c.bwe = s.availableOutgoingBitrate;
    });
    const ufrag = /a=ice-ufrag:(\S+)/.exec(pc.localDescription?.sdp ?? '')?.[1];
    const level = document.querySelector('[data-testid=call-screen]')?.getAttribute('data-video-level');
    return { ...c, iceState: pc.iceConnectionState, ufrag, level };
  });
}

/** Prints both sides' adaptation every few seconds while waiting (what a failure here needs to show). */
async function untilGone(notice: import('playwright-core').Locator, timeoutMs: number) {
  const start = Date.now();
  let printed = 0;
  while ((await notice.count()) > 0) {
    if (Date.now() - start > timeoutMs) throw new Error('the audio-only notice stayed');
    if (Date.now() - printed > 4_000) {
      printed = Date.now();
      const [c, s] = await Promise.all([counters(sides.citizen!), counters(sides.staff!)]);
      console.log(
        `[weak-network d] +${Date.now() - start} ms citizen ${c.level} bwe ${c.bwe}; staff ${s.level} bwe ${s.bwe}`,
      );
    }
    await sleep(250);
  }
  return Date.now() - start;
}
const sides: { citizen?: Page; staff?: Page } = {};

/** Waits until the page decodes new video frames after `since`; returns how long that took (ms). */
async function framesResume(page: Page, timeoutMs: number): Promise<number> {
  const start = Date.now();
  const before = (await counters(page)).framesDecoded;
  // What the page went through meanwhile (ICE state, its own sending level), printed with the figure.
  const trace: string[] = [];
  while (Date.now() - start < timeoutMs) {
    const c = await counters(page);
    const step = `${c.iceState}/${c.level}`;
    if (trace.at(-1)?.endsWith(step) !== true) trace.push(`+${Date.now() - start} ${step}`);
    if (c.framesDecoded > before + 5) {
      console.log(`[weak-network] ${page === sides.staff ? 'staff' : 'citizen'}: ${trace.join(', ')}`);
      return Date.now() - start;
    }
    await sleep(100);
  }
  throw new Error(`no new video frames within ${timeoutMs} ms`);
}

describe.skipIf(!hasChromium() || !hasNetns())('calls over a bad network (Linux network namespaces)', () => {
  let net: BadNetwork | undefined;
  let cloud: CallsCloud | undefined;
  let nsBrowser: Browser | undefined;
  let staff: Page;
  let citizen: Page;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    net = createBadNetwork();
    // The namespace reaches the cloud at the veth's host address, so the cloud listens on every address.
    cloud = await startCallsCloud({ HOST: '0.0.0.0' });
    await net.forward(Number(new URL(cloud.origin).port));
    nsBrowser = await chromium.launch({ executablePath: net.chromium, args: CHROMIUM_ARGS });
    const world = await seedCallWorld(cloud);
    const s = await cloud.newPage();
    const c = await cloud.newPage({ width: 390, height: 844, browser: nsBrowser });
    contexts.push(s.context, c.context);
    staff = s.page;
    citizen = c.page;
    sides.staff = staff;
    sides.citizen = citizen;
    await logInStaff(staff, cloud, world.username);
    await activateCitizen(citizen, cloud, world.code);
  }, 180_000);

  afterAll(async () => {
    try {
      for (const c of contexts) await c.close().catch(() => undefined);
      await nsBrowser?.close().catch(() => undefined);
      await cloud?.close();
    } finally {
      await net?.close();
    }
  });

  const callAndAnswer = async () => {
    await staff.getByRole('button', { name: VISIT_CALL }).click();
    await citizen.getByRole('button', { name: 'Tag den' }).click();
    await expectRemoteVideo(citizen, 'citizen sees staff');
    await expectRemoteVideo(staff, 'staff sees citizen');
  };

  const hangUp = async () => {
    await staff.getByRole('button', { name: 'Læg på' }).click();
    await citizen.getByTestId('call-ended').waitFor();
    await citizen.getByRole('button', { name: 'OK' }).first().click();
    await staff.getByTestId('call-screen').waitFor({ state: 'detached' });
    // The day plan asks for the outcome once per slot; later calls to the same slot just end.
    if ((await staff.getByTestId('outcome-form').count()) > 0) {
      await staff.getByRole('radio', { name: 'Gennemført' }).check();
      await staff.getByRole('button', { name: 'Gem' }).click();
    }
  };

  it('(a) the link is cut for 5 s: the picture comes back by itself, in the same call', async () => {
    await callAndAnswer();
    net!.cut();
    await sleep(5_000);
    net!.restore();
    const [citizenMs, staffMs] = await Promise.all([
      framesResume(citizen, 30_000),
      framesResume(staff, 30_000),
    ]);
    console.log(`[weak-network a] frames after restore: citizen ${citizenMs} ms, staff ${staffMs} ms`);
    expect(await citizen.getByTestId('call-screen').count(), 'still in the call').toBe(1);
    expect(await staff.getByTestId('call-screen').count()).toBe(1);
    await hangUp();
  }, 120_000);

  it('(b) the media path is cut for 30 s (ICE fails): an automatic ICE restart brings it back', async () => {
    await callAndAnswer();
    const before = await counters(staff);
    net!.cutMedia(true);
    await citizen.getByTestId('call-status').getByText('Forbindelsen er dårlig').waitFor({ timeout: 20_000 });
    await sleep(30_000);
    net!.cutMedia(false);
    const [citizenMs, staffMs] = await Promise.all([
      framesResume(citizen, 30_000),
      framesResume(staff, 30_000),
    ]);
    console.log(`[weak-network b] frames after restore: citizen ${citizenMs} ms, staff ${staffMs} ms`);
    const after = await counters(staff);
    expect(after.ufrag, 'a new ICE session: restarted').not.toBe(before.ufrag);
    expect(await citizen.getByTestId('call-screen').count(), 'still in the call').toBe(1);
    await citizen.waitForFunction(() => !document.querySelector('[data-testid=call-status]')?.textContent);
    await hangUp();
  }, 150_000);

  it('(c) a 3G-like link (1 Mbit/s, 3 % loss): the call holds, video fits the link, sound never stops', async () => {
    await callAndAnswer();
    net!.shape({ kbit: 1_000, lossPercent: 3 });
    try {
      await sleep(8_000); // the congestion controller settles
      let last = await counters(citizen);
      let lastStaff = await counters(staff);
      const sentKbit: number[] = [];
      for (let i = 0; i < 8; i += 1) {
        await sleep(2_000);
        const now = await counters(citizen);
        const nowStaff = await counters(staff);
        expect(now.audioPackets, `citizen hears staff, window ${i}`).toBeGreaterThan(last.audioPackets);
        expect(nowStaff.audioPackets, `staff hears citizen, window ${i}`).toBeGreaterThan(
          lastStaff.audioPackets,
        );
        sentKbit.push(Math.round(((now.sentVideoBytes - last.sentVideoBytes) * 8) / 2_000));
        last = now;
        lastStaff = nowStaff;
      }
      console.log(`[weak-network c] citizen video sent, kbit/s per 2 s: ${sentKbit.join(' ')}`);
      const average = sentKbit.reduce((a, b) => a + b, 0) / sentKbit.length;
      expect(average, 'video adapted below the link rate').toBeLessThan(1_000);
      await expectRemoteVideo(staff, 'staff still sees the citizen');
      await expectRemoteVideo(citizen, 'citizen still sees staff');
      expect(await citizen.getByTestId('audio-only').count()).toBe(0);
    } finally {
      net!.shape(null);
    }
    await hangUp();
  }, 120_000);

  it('(d) 200 kbit/s: the screen says "sound only", and the picture comes back when the link recovers', async () => {
    await callAndAnswer();
    net!.shape({ kbit: 200 });
    let shaped = true;
    try {
      const notice = citizen.getByTestId('audio-only');
      await notice.waitFor({ timeout: 60_000 });
      expect(await notice.textContent()).toContain('Kun lyd');
      await shoot(citizen, 'weak-network-audio-only');
      expect(await seriousViolations(citizen), 'sound-only call screen').toEqual([]);
      const a = await counters(citizen);
      console.log(`[weak-network d] audio only: citizen ${a.level}, staff ${(await counters(staff)).level}`);
      await sleep(3_000);
      expect((await counters(citizen)).audioPackets, 'sound goes on').toBeGreaterThan(a.audioPackets);
      net!.shape(null);
      shaped = false;
      const goneMs = await untilGone(notice, 90_000);
      console.log(`[weak-network d] notice gone ${goneMs} ms after the link recovered`);
      await expectRemoteVideo(citizen, 'picture back for the citizen');
      await expectRemoteVideo(staff, 'picture back for staff');
      await staff.getByTestId('audio-only').waitFor({ state: 'detached', timeout: 60_000 });
    } finally {
      if (shaped) net!.shape(null);
    }
    await hangUp();
  }, 240_000);
});
