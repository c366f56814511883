import { randomBytes } from 'node:crypto';
import type { ClientMessage } from '@screenvisit/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { isMediaError } from '../../src/media/errors.js';
import { countCandidates } from '../../src/media/sdp.js';
import type { MediaCall, MediaEngine, MediaStats, VideoCodec } from '../../src/media-engine.js';
import { type ChromiumPeer, launchChromiumPeer } from './chromium-peer.js';
import { candidatePorts, createMediaCut, hasNft } from './media-cut.js';
import { ownReconnectTest, turnExpiryTest } from './turn-expiry.js';

export interface EngineSuiteOptions {
  /** False skips the suite (requireOrSkip already warned, or failed under CI=true). */
  enabled: boolean;
  engine: () => Promise<MediaEngine>;
  codecs: VideoCodec[];
}

const ICE = { iceServers: [], iceTransportPolicy: 'all' as const };
let nextCall = 1;
const newCallId = () => `00000000-0000-4000-8000-${String(nextCall++).padStart(12, '0')}`;

async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | null | undefined | false>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits for 'connected'; on timeout says where both sides got stuck, so a rare failure can be diagnosed. */
async function connected(call: MediaCall, peer: ChromiumPeer): Promise<void> {
  try {
    await until('connected', 15_000, async () => call.state === 'connected');
  } catch (error) {
    const stats = await call.stats().catch(() => null);
    throw new Error(
      `not connected: engine ${call.state}, Chromium ${await peer.connectionState()}, stats ${JSON.stringify(stats)}`,
      { cause: error },
    );
  }
}

const framesIn = (call: MediaCall, min = 1) =>
  until('the engine to receive frames', 15_000, async () => {
    const stats = await call.stats();
    return stats.framesReceived >= min ? stats : null;
  });

/**
 * One suite for every media engine, against a real Chromium (fake camera and microphone). SDP goes between
 * the page and the engine directly. Prints the time from the kiosk's answer to its first decoded remote frame.
 */
export function engineSuite(name: string, options: EngineSuiteOptions) {
  const nft = options.enabled && hasNft();
  describe.skipIf(!options.enabled)(`media engine ${name} against Chromium`, () => {
    const cleanup: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const step of cleanup.splice(0).reverse()) await step();
    });

    async function setUp(codec?: VideoCodec): Promise<{ peer: ChromiumPeer; call: MediaCall }> {
      const engine = await options.engine();
      const peer = await launchChromiumPeer();
      cleanup.push(() => peer.close());
      const call = await engine.openCall({
        callId: newCallId(),
        ...ICE,
        ...(codec ? { videoCodec: codec } : {}),
      });
      cleanup.push(() => call.close());
      return { peer, call };
    }

    for (const codec of options.codecs) {
      it(`answers a call from Chromium and carries ${codec} video both ways until it hangs up`, async () => {
        const { peer, call } = await setUp(codec);
        const states: string[] = [];
        call.onState((s) => states.push(s));

        const offer = await peer.createOffer();
        const answer = await call.answer(offer);
        const answeredAt = performance.now();
        expect(countCandidates(answer)).toBeGreaterThan(0); // non-trickle: the answer carries its candidates
        await peer.acceptAnswer(answer);

        await connected(call, peer);
        const firstFrame = await framesIn(call);
        console.info(
          `[media-timing] ${name} ${codec}: answer -> first remote frame ${Math.round(performance.now() - answeredAt)} ms`,
        );
        expect(firstFrame.framesReceived).toBeGreaterThan(0);
        await peer.waitForFrames(15_000);
        await until('the <video> to show the kiosk', 10_000, async () => (await peer.videoWidth()) > 0);
        expect(await peer.inboundVideoCodec()).toBe(`video/${codec}`);

        const stats: MediaStats = await until('bytes both ways', 10_000, async () => {
          const s = await call.stats();
          return s.bytesSent > 0 && s.bytesReceived > 0 && s.framesSent > 0 ? s : null;
        });
        expect(stats.candidatePair).toEqual({ local: 'host', remote: 'host' });
        expect(states).toContain('connected');

        await call.close();
        expect(call.state).toBe('closed');
        expect(states.at(-1)).toBe('closed');
        // Give frames in flight time to drain, then Chromium must decode nothing new.
        await new Promise((r) => setTimeout(r, 1_000));
        const afterClose = await peer.framesDecoded();
        await new Promise((r) => setTimeout(r, 1_500));
        expect(await peer.framesDecoded()).toBe(afterClose);
        await expect(call.answer(offer)).rejects.toSatisfy((e) => isMediaError(e) && e.reason === 'closed');
      });
    }

    it('calls Chromium (the kiosk offers) and connects with video both ways', async () => {
      const { peer, call } = await setUp();
      const offer = await call.createOffer();
      expect(countCandidates(offer)).toBeGreaterThan(0);
      await call.acceptAnswer(await peer.answer(offer));
      await connected(call, peer);
      await peer.waitForFrames(15_000);
      await framesIn(call);
      await call.close();
      expect(call.state).toBe('closed');
    });

    it('drives an agent call: answers the rtc.offer, reports up, and stops on hang-up', async () => {
      const engine = await options.engine();
      const peer = await launchChromiumPeer();
      cleanup.push(() => peer.close());
      cleanup.push(() => engine.stop());
      const callId = newCallId();
      const sent: ClientMessage[] = [];
      const failures: string[] = [];
      let up = false;
      await engine.start({
        callId,
        send: (m) => sent.push(m),
        up: () => {
          up = true;
        },
        failed: (reason) => failures.push(reason),
      });
      engine.handleSignal({ v: 1, type: 'rtc.offer', callId, sdp: await peer.createOffer() });
      // Signalling for another call is ignored, not applied to this one.
      engine.handleSignal({ v: 1, type: 'rtc.answer', callId: newCallId(), sdp: 'v=0' });
      const answer = await until('an rtc.answer', 15_000, async () =>
        sent.find((m) => m.type === 'rtc.answer'),
      );
      if (answer.type !== 'rtc.answer') throw new Error('unreachable');
      await peer.acceptAnswer(answer.sdp);
      await until('session.up()', 15_000, async () => up);
      await peer.waitForFrames(15_000);
      await engine.stop();
      await new Promise((r) => setTimeout(r, 1_000));
      const afterStop = await peer.framesDecoded();
      await new Promise((r) => setTimeout(r, 1_500));
      expect(await peer.framesDecoded()).toBe(afterStop);
      expect(failures).toEqual([]);
    });

    it('refuses media when the DTLS certificate presented is not the one the offer names (a man in the middle)', async () => {
      const engine = await options.engine();
      const peer = await launchChromiumPeer();
      cleanup.push(() => peer.close());
      cleanup.push(() => engine.stop());
      const callId = newCallId();
      const sent: ClientMessage[] = [];
      const failures: string[] = [];
      let ups = 0;
      await engine.start({
        callId,
        send: (m) => sent.push(m),
        up: () => {
          ups += 1;
        },
        failed: (reason) => failures.push(reason),
      });
      // What the kiosk sees when someone on the media path completes the DTLS handshake in the caller's place:
      // the authenticated offer names one certificate, the handshake presents another. Here the offer's
      // fingerprint is replaced and the real Chromium is the "other" party; Chromium itself gets the kiosk's
      // true fingerprint and accepts it, so only the kiosk's own check can stop the media.
      const offer = await peer.createOffer();
      const forged = offer.replace(
        /^a=fingerprint:sha-256 .*$/gm,
        `a=fingerprint:sha-256 ${randomBytes(32).toString('hex').toUpperCase().match(/../g)?.join(':')}`,
      );
      expect(forged).not.toBe(offer);
      engine.handleSignal({ v: 1, type: 'rtc.offer', callId, sdp: forged });
      const answer = await until('an rtc.answer', 15_000, async () =>
        sent.find((m) => m.type === 'rtc.answer'),
      );
      if (answer.type !== 'rtc.answer') throw new Error('unreachable');
      await peer.acceptAnswer(answer.sdp);
      // GStreamer: webrtcbin accepts any certificate; the engine's own check (gstreamer/dtls-peer-gate.ts)
      // refuses it. wrtc: libwebrtc refuses the handshake itself and the engine reports it (no 30 s wait for
      // the agent's connect timeout).
      await until('the engine to give the call up', 20_000, async () => failures.length > 0);
      expect(failures).toEqual(['peer_unverified']);
      // Time for any media that got through to arrive; none may.
      await new Promise((r) => setTimeout(r, 2_000));
      expect(ups).toBe(0);
      expect(await peer.packetsReceived()).toBe(0);
      expect((await engine.stats())?.framesReceived ?? 0).toBe(0);
    });

    /** A call in progress: the engine answered Chromium's first offer; what the session saw is recorded. */
    async function answeredCall() {
      const engine = await options.engine();
      const peer = await launchChromiumPeer();
      cleanup.push(() => peer.close());
      cleanup.push(() => engine.stop());
      const callId = newCallId();
      const sent: ClientMessage[] = [];
      const failures: string[] = [];
      let ups = 0;
      await engine.start({
        callId,
        send: (m) => sent.push(m),
        up: () => {
          ups += 1;
        },
        failed: (reason) => failures.push(reason),
      });
      const answers = () => sent.flatMap((m) => (m.type === 'rtc.answer' ? [m] : []));
      const offer = await peer.createOffer();
      engine.handleSignal({ v: 1, type: 'rtc.offer', callId, sdp: offer });
      const first = await until('the first rtc.answer', 15_000, async () => answers()[0]);
      await peer.acceptAnswer(first.sdp);
      // What the staff console sends when its connection failed mid-call (cloud/web call-controller.ts).
      const restart = async () =>
        engine.handleSignal({
          v: 1,
          type: 'rtc.offer',
          callId,
          sdp: await peer.restartOffer(),
          iceRestart: true,
        });
      return { engine, peer, callId, offer, first, answers, failures, ups: () => ups, restart };
    }

    it.skipIf(!nft)(
      "recovers video after a mid-call media cut: answers the caller's ICE-restart offer within the same call",
      async () => {
        const { engine, peer, callId, offer, first, answers, failures, ups, restart } = await answeredCall();
        await until('session.up()', 15_000, async () => ups() > 0);
        await peer.waitForFrames(15_000);

        const cut = createMediaCut();
        cleanup.push(async () => cut.close());
        cut.cut(candidatePorts(offer, first.sdp)); // both parties' sockets of this connection
        // The staff console re-offers when its connection has FAILED (cloud/web call-controller.ts), ~16 s
        // after a cut with Chromium's defaults; the network is back by then.
        await until('Chromium to see the connection fail', 45_000, async () => {
          return (await peer.connectionState()) === 'failed';
        });
        cut.restore();

        await restart();
        const second = await until('the restart rtc.answer', 15_000, async () => answers()[1]);
        expect(second.callId).toBe(callId);
        // Fresh ICE credentials in the answer: a real restart (RFC 8445 §9), not a repeat of the first answer.
        const ufrag = (sdp: string) => /a=ice-ufrag:(\S+)/.exec(sdp)?.[1];
        expect(ufrag(second.sdp)).toBeDefined();
        expect(ufrag(second.sdp)).not.toBe(ufrag(first.sdp));
        await peer.acceptAnswer(second.sdp);
        await until(
          'Chromium to connect again',
          20_000,
          async () => (await peer.connectionState()) === 'connected',
        );
        // Moving video: Chromium decodes more than 5 new frames from the kiosk within a second.
        const moving = async () => {
          const a = await peer.framesDecoded();
          await new Promise((r) => setTimeout(r, 1_000));
          return (await peer.framesDecoded()) > a + 5;
        };
        await until('Chromium to decode moving video from the kiosk again', 20_000, moving);
        await until(
          'the kiosk to receive again',
          20_000,
          async () => ((await engine.stats())?.framesReceived ?? 0) > 0,
        );
        // The same call throughout: up once, never failed, so the agent never hung up.
        expect(ups()).toBe(1);
        expect(failures).toEqual([]);
      },
      90_000,
    );

    it('refuses an offer it cannot read and stays closable', async () => {
      const engine = await options.engine();
      const call = await engine.openCall({ callId: newCallId(), ...ICE });
      cleanup.push(() => call.close());
      await expect(call.answer('v=0\r\nthis is not sdp\r\n')).rejects.toSatisfy(isMediaError);
      await call.close();
      expect(call.state).toBe('closed');
    });

    turnExpiryTest(name, options.enabled, options.engine);
    ownReconnectTest(name, options.enabled, options.engine);
  });
}
