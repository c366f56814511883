import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasCoturn, type RunningCoturn, startCoturn } from '../../../test-support/coturn.js';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  hasChromium,
  requireOrSkip,
} from '../../../test-support/requirements.js';
import {
  createCitizen,
  createMunicipality,
  createStaff,
  LOOPBACK_NETWORKS,
  sessionFor,
} from '../../test/fixtures.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { type PeerConnectionCtor, type SelectedPair, selectedPair } from '../../test/turn/peers.js';
import type { IceConfiguration } from './ice-servers.js';

/**
 * Chromium (a citizen's browser, fake camera) calls a @roamhq/wrtc peer (standing in for the staff side) in a
 * relay-only municipality through a real coturn. The browser fetches its ICE servers from our endpoint with its
 * own session cookie; media must arrive and the selected pair must be relay on both sides.
 */
const SECRET = 'e2e-static-auth-secret-0123456789abcdef';
const wrtc = (await import('@roamhq/wrtc').catch(() => null)) as {
  RTCPeerConnection: PeerConnectionCtor;
} | null;
const enabled =
  hasCoturn() &&
  hasChromium() &&
  requireOrSkip('@roamhq/wrtc', wrtc !== null, 'npm install (dev dependency)');

type Wire = Omit<IceConfiguration, 'expiresAt'> & { expiresAt: string | null };
declare global {
  interface Window {
    relayPeer: { pc: RTCPeerConnection; policy: string };
  }
}

/** Runs in the page (serialised by playwright: no imports). Offers with the camera, non-trickle. */
async function pageOffer(): Promise<string> {
  const res = await fetch('/api/calls/ice-servers', { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`ice-servers answered ${res.status}`);
  const ice = (await res.json()) as { iceServers: RTCIceServer[]; iceTransportPolicy: RTCIceTransportPolicy };
  const pc = new RTCPeerConnection({
    iceServers: ice.iceServers,
    iceTransportPolicy: ice.iceTransportPolicy,
  });
  window.relayPeer = { pc, policy: ice.iceTransportPolicy };
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { width: 320, height: 240 },
    audio: true,
  });
  for (const track of stream.getTracks()) pc.addTrack(track, stream);
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise<void>((resolve) => {
    if (pc.iceGatheringState === 'complete') resolve();
    pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
  });
  return pc.localDescription!.sdp;
}

async function pageSelectedPair(page: Page): Promise<SelectedPair> {
  return page.evaluate(async () => {
    const stats = await window.relayPeer.pc.getStats();
    let pairId = '';
    stats.forEach((s) => {
      if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
    });
    const pair = stats.get(pairId);
    return {
      local: String(stats.get(pair?.localCandidateId)?.candidateType),
      remote: String(stats.get(pair?.remoteCandidateId)?.candidateType),
    };
  });
}

async function waitFor<T>(what: string, ms: number, poll: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await poll();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!enabled)('a relay-only call from Chromium through coturn', () => {
  let coturn: RunningCoturn;
  let t: TestCloud;
  let userDataDir: string;
  let context: BrowserContext;

  beforeAll(async () => {
    coturn = await startCoturn({ secret: SECRET });
    t = await startTestCloud({
      TURN_URLS: `turn:127.0.0.1:${coturn.port}?transport=udp`,
      TURN_SECRET: SECRET,
      // The session is planted with addCookies, and CDP refuses a __Host- cookie given with a url (it implies a
      // Domain). What is under test here is the relay, not the cookie prefix.
      COOKIE_SECURE: 'false',
    });
    userDataDir = await mkdtemp(join(tmpdir(), 'sv-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    });
  });

  afterAll(async () => {
    await context?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
    await t?.close();
    await coturn?.close();
  });

  it('connects relay-only, carries the camera, and uses the relay on both sides', async () => {
    const municipality = await createMunicipality(t, { staffNetworks: LOOPBACK_NETWORKS, relayOnly: true });
    const citizen = await createCitizen(t, municipality.id);
    const staff = await createStaff(t, municipality.id);
    const citizenSession = await sessionFor(t, {
      kind: 'citizen',
      id: citizen.id,
      municipalityId: municipality.id,
    });
    const [name, value] = citizenSession.headers.cookie!.split('=') as [string, string];
    await context.addCookies([{ name, value, url: t.base, httpOnly: true, sameSite: 'Strict' }]);
    const page = await context.newPage();
    await page.goto(`${t.base}/api/status`);

    const staffIce = (await (
      await fetch(`${t.base}/api/calls/ice-servers`, {
        headers: (
          await sessionFor(t, { kind: 'staff', id: staff.id, municipalityId: municipality.id })
        ).headers,
      })
    ).json()) as Wire;
    expect(staffIce.iceTransportPolicy).toBe('relay');

    const offer = await page.evaluate(pageOffer);
    expect(await page.evaluate(() => window.relayPeer.policy)).toBe('relay');
    expect(offer).toMatch(/ typ relay /);
    expect(offer).not.toMatch(/ typ (host|srflx) /);

    const pc = new wrtc!.RTCPeerConnection({
      iceServers: staffIce.iceServers,
      iceTransportPolicy: staffIce.iceTransportPolicy,
    });
    try {
      pc.addTransceiver('video', { direction: 'recvonly' });
      await pc.setRemoteDescription({ type: 'offer', sdp: offer });
      await pc.setLocalDescription(await pc.createAnswer());
      await waitFor('wrtc ICE gathering', 5_000, async () =>
        pc.iceGatheringState === 'complete' ? true : null,
      );
      const answer = pc.localDescription!.sdp;
      await page.evaluate((sdp) => window.relayPeer.pc.setRemoteDescription({ type: 'answer', sdp }), answer);

      const bytes = await waitFor('video bytes from Chromium', 10_000, async () => {
        let received = 0;
        (await pc.getStats()).forEach((s: Record<string, unknown>) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video') received = Number(s.bytesReceived ?? 0);
        });
        return received > 0 ? received : null;
      });
      expect(bytes).toBeGreaterThan(0);
      expect(await selectedPair(pc)).toEqual({ local: 'relay', remote: 'relay' });
      expect(await pageSelectedPair(page)).toEqual({ local: 'relay', remote: 'relay' });
    } finally {
      pc.close();
    }
  });
});
