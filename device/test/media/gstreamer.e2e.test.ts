import { createHmac } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import type { ClientMessage } from '@screenvisit/protocol';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { hasCoturn, startCoturn } from '../../../test-support/coturn.js';
import { hasChromium, requireOrSkip } from '../../../test-support/requirements.js';
import { createLogger } from '../../src/logger.js';
import type { GstCall } from '../../src/media/gstreamer/gstreamer-call.js';
import { GstreamerEngine } from '../../src/media/gstreamer/gstreamer-engine.js';
import { CALL_LATENCY_MS, START_LATENCY_MS } from '../../src/media/gstreamer/jitter-latency.js';
import { TEST_DEVICES } from '../../src/media/gstreamer/pipeline.js';
import { probeMediaEngine } from '../../src/media/probe.js';
import { countCandidates } from '../../src/media/sdp.js';
import type { MediaEngine } from '../../src/media-engine.js';
import { launchChromiumPeer } from './chromium-peer.js';
import { engineSuite } from './engine-suite.js';

const log = createLogger({ level: process.env.LOG_LEVEL ?? 'silent' });
const engine: MediaEngine | null = await GstreamerEngine.create({ log }).catch(() => null);
const gstreamer = requireOrSkip(
  'GStreamer webrtcbin via node-gtk',
  engine !== null,
  'apt-get install gir1.2-gst-plugins-bad-1.0 gstreamer1.0-nice gstreamer1.0-plugins-{good,bad}; node-gtk built in device/',
);
const chromium = hasChromium();

engineSuite('gstreamer', {
  enabled: gstreamer && chromium,
  engine: async () => engine as MediaEngine,
  codecs: ['VP8', 'H264'],
});

it.skipIf(!gstreamer)('is the engine the probe picks when GStreamer is complete', async () => {
  expect((await probeMediaEngine({ log })).name).toBe('gstreamer');
});

describe.skipIf(!gstreamer)('GStreamer: a call prepared while ringing', () => {
  it('builds webrtcbin and the encoder but no camera or microphone, and drops them on stop', async () => {
    // A real kiosk's devices, but no camera or sound card exist here: had anything opened them, the prepared
    // pipeline could not reach PLAYING. It does, because it holds no source element at all.
    const kiosk = await GstreamerEngine.create({
      log,
      devices: {
        ...TEST_DEVICES,
        camera: 'v4l2',
        cameraDevice: '/dev/screenvisit-no-camera',
        microphone: 'alsa',
      },
    });
    await kiosk.prepare('declined-call');
    expect(kiosk.prepared(['webrtcbin', 'vp8enc', 'opusenc'])).toEqual({
      callId: 'declined-call',
      sources: [],
      found: ['webrtcbin', 'vp8enc', 'opusenc'],
    });
    await kiosk.stop(); // declined, missed or cancelled
    expect(kiosk.prepared()).toBeNull();
  });

  it('is stopped before it is built when the call ends within the first frames of ringing', async () => {
    const kiosk = await GstreamerEngine.create({ log });
    const preparing = kiosk.prepare('short-call');
    await kiosk.stop();
    await preparing;
    expect(kiosk.prepared()).toBeNull();
  });

  it('builds no second pipeline when the call is answered before the prepare step ran', async () => {
    const kiosk = await GstreamerEngine.create({ log });
    const callId = 'answered-at-once';
    const preparing = kiosk.prepare(callId); // waits for the ringing screen to paint first
    await kiosk.start({ callId, send: () => {}, up: () => {}, failed: () => {} });
    await preparing;
    expect(kiosk.prepared()).toBeNull();
    await kiosk.stop();
  });

  it.skipIf(!chromium)(
    'answers Chromium with the prepared pipeline and carries video both ways',
    async () => {
      const { kiosk, peer, callId, sent, isUp } = await startPreparedCall(
        '00000000-0000-4000-8000-00000000a001',
        'callee',
      );
      kiosk.handleSignal({ v: 1, type: 'rtc.offer', callId, sdp: await peer.createOffer() });
      const answer = await sent('rtc.answer');
      await peer.acceptAnswer(answer.sdp);
      await peer.waitForFrames(15_000);
      const deadline = Date.now() + 15_000;
      while (((await kiosk.stats())?.framesReceived ?? 0) === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect((await kiosk.stats())?.framesReceived).toBeGreaterThan(0);
      expect(isUp()).toBe(true);
    },
  );
});

it.skipIf(!gstreamer || !chromium)(
  'holds the first packets only briefly and buffers a whole call latency once a frame was shown',
  async () => {
    // rtpjitterbuffer holds a stream's first packet for its whole latency (jitter-latency.ts START_LATENCY_MS).
    const peer = await launchChromiumPeer();
    const call = (await (engine as MediaEngine).openCall({
      callId: '00000000-0000-4000-8000-00000000c001',
      iceServers: [],
      iceTransportPolicy: 'all',
    })) as GstCall;
    try {
      const answer = await call.answer(await peer.createOffer());
      expect(call.jitterLatencyMs).toBe(START_LATENCY_MS);
      await peer.acceptAnswer(answer);
      const deadline = Date.now() + 15_000;
      while ((await call.stats()).framesReceived === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      expect((await call.stats()).framesReceived).toBeGreaterThan(0);
      // The pump raises it on its next tick after the frame.
      while (call.jitterLatencyMs !== CALL_LATENCY_MS && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      expect(call.jitterLatencyMs).toBe(CALL_LATENCY_MS);
    } finally {
      await call.close();
      await peer.close();
    }
  },
);

it.skipIf(!gstreamer || !chromium)(
  'offers a night-watch call to Chromium with the pipeline prepared while the consoles rang',
  async () => {
    const { kiosk, peer, callId, sent, isUp } = await startPreparedCall(
      '00000000-0000-4000-8000-00000000d001',
      'caller',
    );
    const offer = await sent('rtc.offer');
    kiosk.handleSignal({ v: 1, type: 'rtc.answer', callId, sdp: await peer.answer(offer.sdp) });
    await peer.waitForFrames(15_000);
    const deadline = Date.now() + 15_000;
    while (!isUp() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(isUp()).toBe(true);
  },
);

// The answer no longer waits for ICE gathering COMPLETE (answer-ready.ts): a relay candidate must still be in it
// when TURN is configured, and under policy 'relay' nothing else.
// libnice sends its TURN allocation from its host candidates' sockets and leaves loopback out of those, so a
// coturn on 127.0.0.1 is never reached: coturn also listens on this machine's first external IPv4 address.
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a?.family === 'IPv4' && !a.internal)?.address;
const turn =
  gstreamer &&
  chromium &&
  hasCoturn() &&
  requireOrSkip('a non-loopback IPv4 address for TURN', lanAddress !== undefined, 'a network interface');
it.skipIf(!turn)(
  'puts relay candidates in the answer when TURN is configured, and only those under relay policy',
  async () => {
    const secret = 'gst-e2e-static-auth-secret';
    const coturn = await startCoturn({
      secret,
      extraArgs: [`--listening-ip=${lanAddress}`, `--relay-ip=${lanAddress}`],
    });
    const peer = await launchChromiumPeer();
    try {
      const username = `${Math.floor(Date.now() / 1000) + 600}:kiosk`;
      const credential = createHmac('sha1', secret).update(username).digest('base64');
      const iceServers = [{ urls: `turn:${lanAddress}:${coturn.port}?transport=udp`, username, credential }];
      const offer = await peer.createOffer();
      for (const policy of ['all', 'relay'] as const) {
        const call = await (engine as MediaEngine).openCall({
          callId: `00000000-0000-4000-8000-00000000b00${policy === 'all' ? 1 : 2}`,
          iceServers,
          iceTransportPolicy: policy,
        });
        try {
          const answer = await call.answer(offer);
          const types = [...answer.matchAll(/^a=candidate:.* typ (\w+)/gm)].map((m) => m[1]);
          expect(types, coturn.output()).toContain('relay');
          if (policy === 'relay') expect(new Set(types)).toEqual(new Set(['relay']));
          else expect(types).toContain('host');
          expect(countCandidates(answer)).toBe(types.length);
        } finally {
          await call.close();
        }
      }
    } finally {
      await peer.close();
      await coturn.close();
    }
  },
);

/**
 * A kiosk engine with `callId` prepared (no sources) and started in `role`, and a Chromium peer; both are
 * stopped when the test ends. `sent(type)` waits for the engine's first message of that type and checks that
 * the prepared pipeline made it: taken, and the engine's log says so, not that it was built anew.
 */
async function startPreparedCall(callId: string, role: 'callee' | 'caller') {
  const peer = await launchChromiumPeer();
  onTestFinished(() => peer.close());
  const lines: string[] = [];
  const kiosk = await GstreamerEngine.create({
    log: pino({ level: 'info' }, { write: (line: string) => lines.push(line) }),
  });
  // Finished hooks run last-registered first: the kiosk stops before the peer closes.
  onTestFinished(() => kiosk.stop());
  await kiosk.prepare(callId);
  expect(kiosk.prepared()).toMatchObject({ callId, sources: [] });
  const messages: ClientMessage[] = [];
  let up = false;
  await kiosk.start({ callId, role, send: (m) => messages.push(m), up: () => (up = true), failed: () => {} });
  const sent = async <T extends 'rtc.answer' | 'rtc.offer'>(type: T) => {
    const deadline = Date.now() + 15_000;
    while (!messages.some((m) => m.type === type) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    const message = messages.find((m): m is Extract<ClientMessage, { type: T }> => m.type === type);
    if (!message) throw new Error(`no ${type}`);
    expect(kiosk.prepared()).toBeNull(); // taken by the answer or offer
    expect(lines.some((l) => l.includes('prepared media pipeline: sources on'))).toBe(true);
    expect(lines.some((l) => l.includes('does not fit the offer'))).toBe(false);
    return message;
  };
  return { kiosk, peer, callId, sent, isUp: () => up };
}
