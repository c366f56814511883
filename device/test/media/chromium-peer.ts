import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../test-support/requirements.js';

/**
 * A real Chromium on the other end of a call: a staff console reduced to one RTCPeerConnection with the fake
 * camera and microphone (CHROMIUM_ARGS). SDP is exchanged with the engine directly, no cloud in between.
 * The page gathers ICE completely before handing out SDP, like the kiosk engines do.
 */
export interface ChromiumPeer {
  /** Chromium calls: returns its complete offer. */
  createOffer(): Promise<string>;
  acceptAnswer(sdp: string): Promise<void>;
  /** Chromium is called: takes the kiosk's offer, returns its complete answer. */
  answer(offerSdp: string): Promise<string>;
  /** Chromium (the caller) restarts ICE, as the staff console does on `failed`: a complete iceRestart offer. */
  restartOffer(): Promise<string>;
  framesDecoded(): Promise<number>;
  /** RTP packets received from the kiosk, audio and video together: 0 means nothing was sent to Chromium. */
  packetsReceived(): Promise<number>;
  /** The codec of the inbound video, e.g. 'video/VP8'. */
  inboundVideoCodec(): Promise<string | null>;
  videoWidth(): Promise<number>;
  connectionState(): Promise<string>;
  /** Polls until framesDecoded > 0; resolves with the time waited. */
  waitForFrames(timeoutMs: number): Promise<number>;
  closePeer(): Promise<void>;
  close(): Promise<void>;
}

interface PageApi {
  createOffer(): Promise<string>;
  restartOffer(): Promise<string>;
  acceptAnswer(sdp: string): Promise<void>;
  answer(sdp: string): Promise<string>;
  framesDecoded(): Promise<number>;
  packetsReceived(): Promise<number>;
  inboundCodec(): Promise<string | null>;
  state(): string;
  closePeer(): void;
}
declare global {
  interface Window {
    peer: PageApi;
  }
}

/** Runs in the page. Kept free of imports: playwright serialises it. */
function installPeer() {
  const pc = new RTCPeerConnection({ iceServers: [] });
  const video = document.createElement('video');
  video.autoplay = true;
  video.muted = true;
  video.playsInline = true;
  video.id = 'remote';
  document.body.append(video);
  pc.ontrack = (event) => {
    if (event.track.kind === 'video') video.srcObject = event.streams[0] ?? new MediaStream([event.track]);
  };
  const media = navigator.mediaDevices
    .getUserMedia({ video: { width: 640, height: 360 }, audio: true })
    .then((stream) => {
      for (const track of stream.getTracks()) pc.addTrack(track, stream);
    });
  const gathered = () =>
    new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') resolve();
      });
    });
  async function inboundVideo(): Promise<Record<string, unknown> | null> {
    const stats = await pc.getStats();
    for (const report of stats.values())
      if (report.type === 'inbound-rtp' && report.kind === 'video') return report;
    return null;
  }
  window.peer = {
    async createOffer() {
      await media;
      await pc.setLocalDescription(await pc.createOffer());
      await gathered();
      return pc.localDescription?.sdp ?? '';
    },
    async restartOffer() {
      // The gathering state still reads 'complete' from the previous round when setLocalDescription resolves, so
      // gathered() would return at once and the offer would carry no candidate: wait for this round's end.
      const regathered = new Promise<void>((resolve) => {
        const done = () => {
          if (pc.iceGatheringState !== 'complete') return;
          pc.removeEventListener('icegatheringstatechange', done);
          resolve();
        };
        pc.addEventListener('icegatheringstatechange', done);
      });
      await pc.setLocalDescription(await pc.createOffer({ iceRestart: true }));
      await regathered;
      return pc.localDescription?.sdp ?? '';
    },
    async acceptAnswer(sdp) {
      await pc.setRemoteDescription({ type: 'answer', sdp });
    },
    async answer(sdp) {
      await media;
      await pc.setRemoteDescription({ type: 'offer', sdp });
      await pc.setLocalDescription(await pc.createAnswer());
      await gathered();
      return pc.localDescription?.sdp ?? '';
    },
    async framesDecoded() {
      // Summed over every inbound video stream: a kiosk pipeline rebuilt mid-call sends a new one.
      let frames = 0;
      for (const report of (await pc.getStats()).values())
        if (report.type === 'inbound-rtp' && report.kind === 'video')
          frames += Number(report.framesDecoded ?? 0);
      return frames;
    },
    async packetsReceived() {
      let packets = 0;
      for (const report of (await pc.getStats()).values())
        if (report.type === 'inbound-rtp') packets += Number(report.packetsReceived ?? 0);
      return packets;
    },
    async inboundCodec() {
      const report = await inboundVideo();
      if (!report?.codecId) return null;
      const stats = await pc.getStats();
      return String(stats.get(String(report.codecId))?.mimeType ?? '') || null;
    },
    state() {
      return pc.connectionState;
    },
    closePeer() {
      pc.close();
    },
  };
}

export async function launchChromiumPeer(): Promise<ChromiumPeer> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'screenvisit-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  // localhost is a secure context (getUserMedia needs one); the page is served by the route below, not a server.
  const page: Page = context.pages()[0] ?? (await context.newPage());
  await page.route('http://localhost/peer', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>peer</title><body></body>' }),
  );
  await page.goto('http://localhost/peer');
  await page.evaluate(installPeer);

  const peer: ChromiumPeer = {
    createOffer: () => page.evaluate(() => window.peer.createOffer()),
    restartOffer: () => page.evaluate(() => window.peer.restartOffer()),
    acceptAnswer: (sdp) => page.evaluate((s) => window.peer.acceptAnswer(s), sdp),
    answer: (sdp) => page.evaluate((s) => window.peer.answer(s), sdp),
    framesDecoded: () => page.evaluate(() => window.peer.framesDecoded()),
    packetsReceived: () => page.evaluate(() => window.peer.packetsReceived()),
    inboundVideoCodec: () => page.evaluate(() => window.peer.inboundCodec()),
    videoWidth: () => page.evaluate(() => (document.getElementById('remote') as HTMLVideoElement).videoWidth),
    connectionState: () => page.evaluate(() => window.peer.state()),
    async waitForFrames(timeoutMs) {
      const started = performance.now();
      while (performance.now() - started < timeoutMs) {
        if ((await peer.framesDecoded()) > 0) return performance.now() - started;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`Chromium decoded no frames within ${timeoutMs} ms`);
    },
    closePeer: () => page.evaluate(() => window.peer.closePeer()),
    async close() {
      await context.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
  return peer;
}
