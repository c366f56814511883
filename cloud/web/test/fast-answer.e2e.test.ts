import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import {
  activateCitizen,
  type CallsCloud,
  dtlsConnected,
  expectRemoteVideo,
  logInStaff,
  seedCallWorld,
  startCallsCloud,
  wire,
} from './calls-world.js';

/**
 * Issue 15 §3, fast answer without lighting the camera early: while the citizen's page rings, ICE and DTLS
 * come up on the one peer connection the call will use, but no camera is opened on the citizen's side and no
 * RTP leaves either browser (getStats); "Tag den" only attaches the tracks, with no new offer.
 */
/** Records the width of the first frame the remote <video> shows (its size at `loadeddata`). */
function firstFrameWidth() {
  const w = window as unknown as { __firstWidth?: number };
  delete w.__firstWidth;
  document.addEventListener(
    'loadeddata',
    (e) => {
      const v = e.target as HTMLVideoElement;
      if (v.dataset?.testid === 'remote-video' && w.__firstWidth === undefined) w.__firstWidth = v.videoWidth;
    },
    true,
  );
}

describe.skipIf(!hasChromium())('fast answer', () => {
  let cloud: CallsCloud;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    cloud = await startCallsCloud();
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await cloud?.close();
  });
  const open = async () => {
    const opened = await cloud.newPage();
    contexts.push(opened.context);
    return opened.page;
  };

  it('connects the media path while it rings, sends nothing before "Tag den", and answering only attaches tracks', async () => {
    const world = await seedCallWorld(cloud);
    const staff = await open();
    const citizen = await open();
    await logInStaff(staff, cloud, world.username);
    await activateCitizen(citizen, cloud, world.code);

    await staff.getByRole('button', { name: 'Ring til Birthe Borger' }).click();
    await citizen.getByTestId('incoming-call').waitFor();
    await dtlsConnected(citizen);
    // Ringing for a while longer with DTLS up: still not a byte of RTP, on either side.
    await citizen.waitForTimeout(1_500);
    const ringingCitizen = await wire(citizen);
    const ringingStaff = await wire(staff);
    expect(ringingCitizen.streams, 'no camera or microphone opened while it rings').toBe(0);
    expect(ringingCitizen.rtpBytesSent, 'citizen RTP bytes sent before the answer').toBe(0);
    expect(ringingStaff.dtls).toBe('connected');
    expect(ringingStaff.rtpBytesSent, 'staff RTP bytes sent before the answer').toBe(0);
    expect(await citizen.getByTestId('remote-video').count(), 'no staff video while it rings').toBe(0);

    for (const page of [citizen, staff]) await page.evaluate(firstFrameWidth);
    await citizen.getByRole('button', { name: 'Tag den' }).click();
    await expectRemoteVideo(citizen, 'citizen sees the staff member');
    await expectRemoteVideo(staff, 'staff sees the citizen');
    // The first picture each side sends is small (first-frame.ts: 640×360 of the 1280×720 camera), so the
    // encoder starts once and quickly; then the sender goes back to full size.
    for (const [page, who] of [
      [citizen, 'the first frame the citizen sees'],
      [staff, 'the first frame staff sees'],
    ] as const) {
      const width = await page.evaluate(() => (window as unknown as { __firstWidth?: number }).__firstWidth);
      expect(width, who).toBeGreaterThan(0);
      expect(width, who).toBeLessThanOrEqual(640);
      await page.waitForFunction(
        () => {
          const pc = (window as unknown as { __sv: { pcs: RTCPeerConnection[] } }).__sv.pcs.at(-1);
          const video = pc?.getSenders().find((s) => s.track?.kind === 'video');
          return video?.getParameters().encodings[0]?.scaleResolutionDownBy === 1;
        },
        undefined,
        { timeout: 15_000, polling: 200 },
      );
    }
    const inCall = await wire(citizen);
    expect(inCall.pcs, 'the same peer connection').toBe(ringingCitizen.pcs);
    expect(inCall.sdp, 'no new offer after the answer').toBe(ringingCitizen.sdp);
    expect(inCall.streams).toBe(1);
    expect(inCall.rtpBytesSent).toBeGreaterThan(0);
    expect((await wire(staff)).pcs).toBe(ringingStaff.pcs);

    await staff.getByRole('button', { name: 'Læg på' }).click();
    await citizen.getByTestId('call-ended').waitFor();
    await staff.getByRole('button', { name: 'Ikke nu' }).click();
    await citizen.getByRole('button', { name: 'OK' }).click();
  }, 90_000);

  it('still connects when two of the citizen’s pages ring and the early offer goes to neither', async () => {
    const world = await seedCallWorld(cloud);
    const staff = await open();
    const phone = await open();
    await logInStaff(staff, cloud, world.username);
    await activateCitizen(phone, cloud, world.code);
    // A second tab of the same browser context: the same citizen session, a second ringing page.
    const tablet = await phone.context().newPage();
    await tablet.goto(`${cloud.origin}/citizen/`);
    await tablet.getByTestId('citizen-waiting').waitFor();

    await staff.getByRole('button', { name: 'Ring til Birthe Borger' }).click();
    await phone.getByTestId('incoming-call').waitFor();
    await tablet.getByTestId('incoming-call').waitFor();
    await tablet.getByRole('button', { name: 'Tag den' }).click();
    await expectRemoteVideo(tablet, 'the tablet sees the staff member');
    await expectRemoteVideo(staff, 'staff sees the citizen');
    await phone.getByTestId('incoming-call').waitFor({ state: 'detached' });
    await staff.getByRole('button', { name: 'Læg på' }).click();
    await tablet.getByTestId('call-ended').waitFor();
  }, 90_000);
});
