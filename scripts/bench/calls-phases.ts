import type { Page } from 'playwright-core';
import { START_SCALE } from '../../cloud/web/src/shared/call/first-frame.js';
import { START_KBPS } from '../../cloud/web/src/shared/call/start-bitrate.js';
import type { CallsCloud } from '../../cloud/web/test/calls-world.js';

/**
 * The phase timing and the one-page start-rate reference of `npm run bench calls` (calls.ts), issue 15 §3:
 * what happens after "Tag den", measured inside the pages.
 */
/** Calls of each kind in the one-page start-rate reference (startRateReference). */
const REFERENCE_RUNS = 10;

export const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};

export function report(name: string, xs: number[], targets: { p50?: number; p95?: number }) {
  const p50 = quantile(xs, 0.5);
  const p95 = quantile(xs, 0.95);
  const ratio = (v: number, t?: number) => (t ? ` (${(v / t).toFixed(2)}× target ${t} ms)` : '');
  console.log(
    `${name}: p50 ${p50.toFixed(1)} ms${ratio(p50, targets.p50)}, p95 ${p95.toFixed(1)} ms${ratio(p95, targets.p95)}, n=${xs.length}`,
  );
}

/**
 * Issue 15 §3: where the time after "Tag den" goes. Installed once per page: getUserMedia and the video
 * sender's replaceTrack are timed (the app calls them through the prototypes, so wrapping after load works).
 * Armed before each answer: the newest peer connection's video receiver says when its first packet came
 * (`unmute`, W3C webrtc-pc §4.3.2: a remote track unmutes on its first RTP packet).
 */
export function timePhases() {
  const w = window as unknown as { __phase: Record<string, number> };
  w.__phase = {};
  // No inner named functions: the bundler would wrap them in a helper the page does not have.
  const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (c) => {
    w.__phase.gumStart ??= Date.now();
    const s = await gum(c);
    w.__phase.gumDone ??= Date.now();
    return s;
  };
  const replace = RTCRtpSender.prototype.replaceTrack;
  RTCRtpSender.prototype.replaceTrack = async function (this: RTCRtpSender, track) {
    if (track?.kind === 'video') w.__phase.replaceStart ??= Date.now();
    await replace.call(this, track);
    if (track?.kind === 'video') w.__phase.replaceDone ??= Date.now();
  };
}

/**
 * For the same-run comparison (calls.ts, every third call): while `__benchFullSize` is set, the page's
 * setParameters ignores the small first frame (first-frame.ts startSmall, the one set on a video sender that
 * has no track yet), so that call starts at the camera's full size as before the change.
 */
export function switchableFirstFrame(startScale: number) {
  const w = window as unknown as { __benchFullSize?: boolean };
  const set = RTCRtpSender.prototype.setParameters;
  RTCRtpSender.prototype.setParameters = function (this: RTCRtpSender, p, ...rest) {
    if (w.__benchFullSize && !this.track && p.encodings[0]?.scaleResolutionDownBy === startScale)
      return Promise.resolve();
    return set.call(this, p, ...rest);
  };
}

export function armPhases(pollSender: boolean) {
  const w = window as unknown as {
    __phase: Record<string, number>;
    __sv: { pcs: RTCPeerConnection[] };
  };
  w.__phase = {};
  const video = w.__sv.pcs
    .at(-1)
    ?.getReceivers()
    .find((r) => r.track.kind === 'video');
  video?.track.addEventListener('unmute', () => {
    w.__phase.firstPacket ??= Date.now();
  });
  // The sender's side, polled (getStats every 10 ms for at most 2 s, so only with --phases: it costs CPU in
  // the window being measured): first frame into the sender's source, first frame encoded, first packet sent.
  if (!pollSender) return;
  const pc = w.__sv.pcs.at(-1);
  const started = Date.now();
  const timer = setInterval(async () => {
    if (Date.now() - started > 2_000 || w.__phase.sentPacket) return clearInterval(timer);
    (await pc?.getStats())?.forEach((s) => {
      if (s.type === 'media-source' && s.kind === 'video' && s.frames > 0)
        w.__phase.sourceFrame ??= Date.now();
      if (s.type === 'outbound-rtp' && s.kind === 'video') {
        if (s.framesEncoded > 0) w.__phase.encoded ??= Date.now();
        if (s.packetsSent > 0) w.__phase.sentPacket ??= Date.now();
      }
    });
  }, 10);
}

/** After the first frame: what the receiver decoded first and what the sender's encoder did meanwhile. */
export const videoStats = (page: Page) =>
  page.evaluate(async () => {
    const w = window as unknown as { __phase: Record<string, number>; __sv: { pcs: RTCPeerConnection[] } };
    const out: Record<string, number | string> = { ...w.__phase };
    (await w.__sv.pcs.at(-1)?.getStats())?.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        out.inWidth = s.frameWidth ?? 0;
        out.inDecoded = s.framesDecoded ?? 0;
      }
      if (s.type === 'outbound-rtp' && s.kind === 'video') {
        out.outWidth = s.frameWidth ?? 0;
        out.outEncoded = s.framesEncoded ?? 0;
        out.outLimit = s.qualityLimitationReason ?? '';
      }
      if (s.type === 'media-source' && s.kind === 'video') out.srcFrames = s.frames ?? 0;
    });
    return out;
  });

/** Each phase's median (ms after the answer press; counts and sizes as they are), for docs/performance.md. */
export function printPhases(rows: Record<string, number | string>[]) {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].sort();
  console.log(
    'phases after "Tag den" (median over the answered-after-1 s calls; times in ms after the press):',
  );
  for (const k of keys) {
    const xs = rows.map((r) => r[k]).filter((v) => v !== undefined);
    const nums = xs.filter((v): v is number => typeof v === 'number');
    const shown = nums.length === xs.length ? quantile(nums, 0.5).toFixed(0) : [...new Set(xs)].join('/');
    console.log(`  ${k}: ${shown} (n=${xs.length})`);
  }
}

/**
 * The reference in the same run (issue 15 §3): two peer connections in one page, no cloud, connected with an
 * empty video transceiver and left idle 1 s as a ringing call is; then the fake camera goes on by
 * replaceTrack and the receiving <video> times its first frame. Runs take turns: Chromium's default start
 * rate, the answer's `x-google-start-bitrate` (cloud/web/src/shared/call/start-bitrate.ts), and that plus the
 * small first frame (first-frame.ts), so each step's worth shows at this machine's load.
 */
export async function startRateReference(cloud: CallsCloud) {
  const { page, context } = await cloud.newPage();
  await page.goto(`${cloud.origin}/citizen/`);
  const times = { default: [] as number[], start: [] as number[], small: [] as number[] };
  const kinds = ['default', 'start', 'small'] as const;
  for (let i = 0; i < kinds.length * REFERENCE_RUNS; i++) {
    const kind = kinds[i % kinds.length]!;
    const kbps = kind === 'default' ? 0 : START_KBPS;
    const scale = kind === 'small' ? START_SCALE : 0;
    const ms = await page.evaluate(
      async ([kbps, scale]) => {
        const cam = await navigator.mediaDevices.getUserMedia({
          video: { width: { ideal: 1280 }, height: { ideal: 720 } },
        });
        const a = new RTCPeerConnection();
        const b = new RTCPeerConnection();
        a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
        b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
        const tr = a.addTransceiver('video', { direction: 'sendrecv' });
        await a.setLocalDescription(await a.createOffer());
        await b.setRemoteDescription(a.localDescription!);
        await b.setLocalDescription(await b.createAnswer());
        let sdp = b.localDescription!.sdp;
        if (kbps)
          sdp = sdp.replace(/(a=rtpmap:(\d+) VP8\/90000)/, `$1\r\na=fmtp:$2 x-google-start-bitrate=${kbps}`);
        await a.setRemoteDescription({ type: 'answer', sdp });
        while (a.connectionState !== 'connected') await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, 1_000));
        const v = document.createElement('video');
        v.muted = true;
        v.autoplay = true;
        document.body.append(v);
        v.srcObject = new MediaStream([b.getReceivers()[0]!.track]);
        const t0 = performance.now();
        const frame = new Promise<number>((r) =>
          v.addEventListener('loadeddata', () => r(performance.now() - t0), { once: true }),
        );
        if (scale) {
          const p = tr.sender.getParameters();
          p.encodings[0]!.scaleResolutionDownBy = scale;
          await tr.sender.setParameters(p);
        }
        await tr.sender.replaceTrack(cam.getVideoTracks()[0]!);
        const ms = await frame;
        v.remove();
        a.close();
        b.close();
        for (const t of cam.getTracks()) t.stop();
        return ms;
      },
      [kbps, scale] as const,
    );
    times[kind].push(ms);
  }
  report('reference, one page: replaceTrack → first frame, default start rate', times.default, {});
  report(`reference, one page: the same with x-google-start-bitrate=${START_KBPS}`, times.start, {});
  report(`reference, one page: that and the first frame scaled down by ${START_SCALE}`, times.small, {});
  await context.close();
}
