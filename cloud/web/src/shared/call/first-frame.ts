import { WARM_UP_MS } from './sender-adaptation.js';

/**
 * The first picture after "Tag den" small, then full size (issue 15 §3, answer → first frame).
 *
 * Where the time went (Chromium 156's WebRTC log, both pages of `npm run bench calls`, docs/performance.md
 * "Calls, 2026-12-03 evening"): nothing is sent while it rings, so the video encoder is created only when the
 * first camera frame reaches the sender. At 1280×720 that first set-up took 30–65 ms; the encoder's own start
 * rate is still the 300 kbit/s it was created with (x-google-start-bitrate moves the network estimate, not
 * that), so WebRTC dropped the frame as "too large for target bitrate", asked the camera for 960×540, waited
 * for the next frame (~30 ms) and set the encoder up a second time (15–35 ms) before encoding anything.
 *
 * A first frame of 640×360 (START_SCALE 2) is below the size WebRTC drops at that rate (it drops above 640×480
 * under 500 kbit/s), the encoder is set up once and quicker, and the key frame is small. Once a frame has
 * been sent, the sender goes back to full size (one more set-up, the same the browser does when it steps the
 * resolution up by itself) unless the bandwidth adaptation (bandwidth.ts) has chosen a scale meanwhile.
 *
 * Nothing here sends anything: it runs only when the tracks go on at the answer (tracks.ts attachTracks).
 */
export const START_SCALE = 2;
/** The first look for a step up, after the tracks went on; then every STEP_UP_RETRY_MS while nothing was sent. */
export const STEP_UP_AFTER_MS = 1_000;
export const STEP_UP_RETRY_MS = 500;
/**
 * The last look comes before the bandwidth adaptation may first choose a level (WARM_UP_MS): its "medium" is
 * also a scale of 2, which a later step up would undo. A sender with nothing sent by then keeps START_SCALE
 * and the adaptation takes over.
 */
export const STEP_UP_TRIES = Math.floor((WARM_UP_MS - STEP_UP_AFTER_MS) / STEP_UP_RETRY_MS);

/** What this needs of an RTCRtpSender (tests use a plain object). */
export type ScalableSender = Pick<RTCRtpSender, 'getParameters' | 'setParameters'>;

/** Before the camera's track goes on a video sender that carried none: its first encoding at START_SCALE. */
export async function startSmall(sender: ScalableSender): Promise<void> {
  const params = sender.getParameters();
  const first = params.encodings[0];
  // Chromium reports no scale (or 1) on a sender nobody has scaled; any other value is someone's choice.
  if (!first || (first.scaleResolutionDownBy ?? 1) !== 1) return;
  first.scaleResolutionDownBy = START_SCALE;
  // A browser that refuses only costs the speed-up, never the call.
  await sender.setParameters(params).catch(() => undefined);
}

/** Full size again, unless something else (the adaptation) has set another scale since startSmall. */
export async function stepUp(sender: ScalableSender): Promise<void> {
  const params = sender.getParameters();
  const first = params.encodings[0];
  if (first?.scaleResolutionDownBy !== START_SCALE) return;
  first.scaleResolutionDownBy = 1;
  await sender.setParameters(params).catch(() => undefined);
}

/** Video frames the connection has sent so far (W3C webrtc-stats `outbound-rtp` framesSent). */
export async function videoFramesSent(pc: Pick<RTCPeerConnection, 'getStats'>): Promise<number> {
  let sent = 0;
  (await pc.getStats()).forEach((s: { type?: string; kind?: string; framesSent?: number }) => {
    if (s.type === 'outbound-rtp' && s.kind === 'video') sent += s.framesSent ?? 0;
  });
  return sent;
}
