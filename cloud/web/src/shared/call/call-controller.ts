import { fetchIceConfig, type IceConfig } from './ice.js';
import { type MediaState, mayMove } from './media-state.js';
import type { ServerMessageOf } from './messages.js';
import { judgeQuality, type Quality, readStatsSample, type StatsSample } from './quality.js';
import { qualityReport, sendQualityReport } from './quality-report.js';
import type { SignallingClient, Timers } from './signalling.js';

/**
 * One call's media over RTCPeerConnection (flows.md §1, §3). The CALLER offers after `call.accepted` and again
 * (ICE restart) after a resume or when ICE drops; the callee only answers. Work on the peer connection runs
 * one step at a time on a promise chain, so an offer that arrives while the camera is still opening waits.
 *
 * GUARANTEED HANG-UP (issue 5 §3): end() stops every local track, closes the peer connection and clears the
 * remote stream, and a camera that opens after end() is stopped at once. end() is idempotent.
 */
export type { MediaState } from './media-state.js';
export type CallRole = 'caller' | 'callee';

export interface CallControllerEvents {
  localStream?(stream: MediaStream | null): void;
  remoteStream?(stream: MediaStream | null): void;
  mediaState?(state: MediaState): void;
  quality?(quality: Quality): void;
  /** The camera or microphone could not be opened (permission refused, no device). */
  mediaError?(error: unknown): void;
}

export interface CallControllerOptions {
  readonly callId: string;
  readonly role: CallRole;
  readonly signalling: SignallingClient;
  readonly events: CallControllerEvents;
  readonly fetchIce?: () => Promise<IceConfig>;
  readonly getUserMedia?: () => Promise<MediaStream>;
  readonly timers?: Timers;
  readonly qualityEveryMs?: number;
  /** How long ICE may stay `disconnected` before the caller restarts it (it often recovers by itself). */
  readonly disconnectedGraceMs?: number;
  /** Send the end-of-call quality report to the cloud (default true; benchmarks and unit tests turn it off). */
  readonly reportQuality?: boolean;
}

const defaultMedia = () =>
  navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: true, noiseSuppression: true },
    video: { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: 'user' },
  });

const browserTimers: Timers = {
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  clearTimeout: (h) => window.clearTimeout(h as number),
};

export class CallController {
  private pc: RTCPeerConnection | null = null;
  private local: MediaStream | null = null;
  private remote: MediaStream | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private pendingIce: RTCIceCandidateInit[] = [];
  private readonly unsubscribe: (() => void)[] = [];
  private ended = false;
  private offered = false;
  private state: MediaState = 'preparing';
  private qualityTimer: unknown;
  private graceTimer: unknown;
  private lastSample: StatsSample | undefined;
  private connectedAt: number | null = null;
  private readonly timers: Timers;

  constructor(private readonly options: CallControllerOptions) {
    this.timers = options.timers ?? browserTimers;
    const s = options.signalling;
    const mine = (m: { callId: string }) => m.callId === options.callId;
    this.unsubscribe.push(
      s.on('rtc.offer', (m) => mine(m) && this.step(() => this.onOffer(m))),
      s.on('rtc.answer', (m) => mine(m) && this.step(() => this.onAnswer(m))),
      s.on('rtc.ice', (m) => mine(m) && this.step(() => this.onIce(m))),
    );
    this.step(() => this.prepare());
  }

  get mediaState(): MediaState {
    return this.state;
  }

  /** The peer connection, for diagnostics (selected candidate pair) only. */
  get peerConnection(): RTCPeerConnection | null {
    return this.pc;
  }

  /** After `call.accepted`: the caller offers; a repeat (after a resume) is an ICE restart. */
  accepted(): void {
    if (this.options.role === 'caller') this.step(() => this.offer(this.offered));
    else if (this.offered) this.step(() => this.refreshIce());
    this.offered = true;
  }

  setMuted(muted: boolean): void {
    for (const t of this.local?.getAudioTracks() ?? []) t.enabled = !muted;
  }

  setCameraOff(off: boolean): void {
    for (const t of this.local?.getVideoTracks() ?? []) t.enabled = !off;
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    // The last sample of the quality timer (at most one interval old): no stats can be read after close().
    if (this.lastSample && this.connectedAt !== null && this.options.reportQuality !== false)
      void sendQualityReport(
        qualityReport(
          this.options.callId,
          this.options.role,
          this.lastSample,
          (Date.now() - this.connectedAt) / 1000,
        ),
      );
    for (const u of this.unsubscribe) u();
    this.timers.clearTimeout(this.qualityTimer);
    this.timers.clearTimeout(this.graceTimer);
    for (const t of this.local?.getTracks() ?? []) t.stop();
    for (const t of this.remote?.getTracks() ?? []) t.stop();
    if (this.pc) {
      this.pc.ontrack = null;
      this.pc.onicecandidate = null;
      this.pc.oniceconnectionstatechange = null;
      this.pc.close();
    }
    this.local = null;
    this.remote = null;
    this.options.events.localStream?.(null);
    this.options.events.remoteStream?.(null);
    this.setState('ended');
  }

  private step(work: () => Promise<void>): void {
    this.chain = this.chain.then(async () => {
      if (this.ended) return;
      try {
        await work();
      } catch (error) {
        console.warn('call step failed', error);
      }
    });
  }

  /** The one setter: moves only along MEDIA_TRANSITIONS (media-state.ts), logging what it refuses. */
  private setState(next: MediaState) {
    if (next === this.state) return;
    if (!mayMove(this.state, next)) {
      if (this.state !== 'ended') console.warn(`call media state ${this.state} -> ${next} refused`);
      return;
    }
    this.state = next;
    this.options.events.mediaState?.(next);
  }

  private async prepare() {
    const [media, ice] = await Promise.all([
      (this.options.getUserMedia ?? defaultMedia)().catch((error: unknown) => {
        this.options.events.mediaError?.(error);
        return null;
      }),
      (this.options.fetchIce ?? fetchIceConfig)(),
    ]);
    if (this.ended) {
      for (const t of media?.getTracks() ?? []) t.stop();
      return;
    }
    this.local = media;
    this.options.events.localStream?.(media);
    const pc = new RTCPeerConnection({ ...ice, bundlePolicy: 'max-bundle' });
    this.pc = pc;
    if (media) for (const track of media.getTracks()) pc.addTrack(track, media);
    else {
      // No camera or microphone: still receive the other side.
      pc.addTransceiver('audio', { direction: 'recvonly' });
      pc.addTransceiver('video', { direction: 'recvonly' });
    }
    pc.onicecandidate = (e) => {
      const c = e.candidate;
      this.send({
        type: 'rtc.ice',
        callId: this.options.callId,
        candidate: c ? { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex } : null,
      });
    };
    pc.ontrack = (e) => {
      const stream = this.remote ?? new MediaStream();
      if (!stream.getTracks().includes(e.track)) stream.addTrack(e.track);
      this.remote = stream;
      this.options.events.remoteStream?.(stream);
    };
    pc.oniceconnectionstatechange = () => this.onIceState(pc.iceConnectionState);
    this.setState('connecting');
    this.scheduleQuality();
  }

  private send(message: Parameters<SignallingClient['send']>[0]) {
    if (!this.ended) this.options.signalling.send(message);
  }

  private async offer(iceRestart: boolean) {
    const pc = this.pc;
    if (!pc) return;
    if (iceRestart) await this.refreshIce();
    // An offer whose answer was lost in a drop: roll back before offering again (RFC 8829 §5.7).
    if (pc.signalingState === 'have-local-offer') await pc.setLocalDescription({ type: 'rollback' });
    const offer = await pc.createOffer(iceRestart ? { iceRestart: true } : {});
    await pc.setLocalDescription(offer);
    this.send({
      type: 'rtc.offer',
      callId: this.options.callId,
      sdp: offer.sdp ?? '',
      ...(iceRestart ? { iceRestart: true } : {}),
    });
  }

  /** Fresh TURN credentials before any restart: the old ones may have expired (notes: TURN and network cuts). */
  private async refreshIce() {
    // Offline for the moment: restart with the servers we have rather than not at all.
    const ice = await (this.options.fetchIce ?? fetchIceConfig)().catch(() => null);
    if (ice && this.pc && !this.ended) this.pc.setConfiguration({ ...this.pc.getConfiguration(), ...ice });
  }

  private async onOffer(m: ServerMessageOf<'rtc.offer'>) {
    const pc = this.pc;
    if (!pc || this.options.role !== 'callee') return;
    if (m.iceRestart) await this.refreshIce();
    await pc.setRemoteDescription({ type: 'offer', sdp: m.sdp });
    await this.flushIce();
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    this.send({ type: 'rtc.answer', callId: this.options.callId, sdp: answer.sdp ?? '' });
  }

  private async onAnswer(m: ServerMessageOf<'rtc.answer'>) {
    const pc = this.pc;
    if (pc?.signalingState !== 'have-local-offer') return;
    await pc.setRemoteDescription({ type: 'answer', sdp: m.sdp });
    await this.flushIce();
  }

  private async onIce(m: ServerMessageOf<'rtc.ice'>) {
    if (!m.candidate) return;
    const init: RTCIceCandidateInit = {
      candidate: m.candidate.candidate,
      sdpMid: m.candidate.sdpMid ?? null,
      sdpMLineIndex: m.candidate.sdpMLineIndex ?? null,
    };
    if (!this.pc?.remoteDescription) {
      this.pendingIce.push(init);
      return;
    }
    await this.pc.addIceCandidate(init).catch(() => undefined);
  }

  private async flushIce() {
    const queued = this.pendingIce;
    this.pendingIce = [];
    for (const c of queued) await this.pc?.addIceCandidate(c).catch(() => undefined);
  }

  private onIceState(ice: RTCIceConnectionState) {
    if (this.ended) return;
    this.timers.clearTimeout(this.graceTimer);
    if (ice === 'connected' || ice === 'completed') {
      this.connectedAt ??= Date.now();
      return this.setState('connected');
    }
    if (ice !== 'disconnected' && ice !== 'failed') return;
    this.setState('reconnecting');
    if (this.options.role !== 'caller') return;
    // `disconnected` often heals by itself within seconds; `failed` never does without a restart.
    const restart = () => this.step(() => this.offer(true));
    if (ice === 'failed') restart();
    else this.graceTimer = this.timers.setTimeout(restart, this.options.disconnectedGraceMs ?? 2_000);
  }

  private scheduleQuality() {
    this.qualityTimer = this.timers.setTimeout(async () => {
      const pc = this.pc;
      if (!pc || this.ended) return;
      try {
        const sample = await readStatsSample(pc);
        if (this.ended) return;
        this.options.events.quality?.(judgeQuality(this.lastSample, sample));
        this.lastSample = sample;
      } catch {
        this.options.events.quality?.('unknown');
      }
      this.scheduleQuality();
    }, this.options.qualityEveryMs ?? 2_000);
  }
}
