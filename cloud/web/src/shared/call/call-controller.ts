import { type CallControllerOptions, defaultMedia } from './call-controller-options.js';
import { fetchIceConfig, ICE_REFRESH_EVERY_MS, ICE_REFRESH_TIMEOUT_MS, withinMs } from './ice.js';
import { IceRestarter } from './ice-restart.js';
import { type MediaState, mayMove } from './media-state.js';
import type { ServerMessageOf } from './messages.js';
import { judgeQuality, readStatsSample, type StatsSample } from './quality.js';
import { reportAtEnd } from './quality-report.js';
import { SenderAdaptation } from './sender-adaptation.js';
import { browserTimers, type SignallingClient, type Timers } from './signalling.js';

export type { CallControllerEvents, CallControllerOptions, CallRole } from './call-controller-options.js';
/**
 * One call's media over RTCPeerConnection (flows.md §1, §3). The CALLER offers after `call.accepted` and again
 * (ICE restart) after a resume or when ICE drops; the callee only answers. Work on the peer connection runs
 * one step at a time on a promise chain, so an offer that arrives while the camera is still opening waits.
 *
 * GUARANTEED HANG-UP (issue 5 §3): end() stops every local track, closes the peer connection and clears the
 * remote stream, and a camera that opens after end() is stopped at once. end() is idempotent.
 */
export type { MediaState } from './media-state.js';

/** How soon after ICE connects the first stats sample is taken (earlySample). */
const EARLY_SAMPLE_MS = 300;

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
  private restarter: IceRestarter | null = null;
  private adaptation: SenderAdaptation | null = null;
  private lastSample: StatsSample | undefined;
  private connectedAt: number | null = null;
  private iceFetchedAt = Number.NEGATIVE_INFINITY;
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
    if (this.options.reportQuality !== false)
      reportAtEnd(this.options.callId, this.options.role, this.lastSample, this.connectedAt);
    for (const u of this.unsubscribe) u();
    this.timers.clearTimeout(this.qualityTimer);
    this.restarter?.stop();
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
    this.iceFetchedAt = Date.now();
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
    this.adaptation = new SenderAdaptation(pc);
    if (this.options.role === 'caller')
      this.restarter = new IceRestarter({
        timers: this.timers,
        now: () => Date.now(),
        restart: () => this.step(() => this.offer(true)),
        awaitingAnswer: () => pc.signalingState === 'have-local-offer',
        ...(this.options.disconnectedGraceMs !== undefined
          ? { graceMs: this.options.disconnectedGraceMs }
          : {}),
        ...(this.options.restartEveryMs !== undefined ? { everyMs: this.options.restartEveryMs } : {}),
      });
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

  /**
   * Fresh TURN credentials before a restart: the old ones may have expired (notes: TURN and network cuts).
   * Offline or slow: restart with the servers we have rather than wait (ice.ts withinMs).
   */
  private async refreshIce() {
    if (Date.now() - this.iceFetchedAt < ICE_REFRESH_EVERY_MS) return;
    this.iceFetchedAt = Date.now();
    const fetchIce = this.options.fetchIce ?? fetchIceConfig;
    const ice = await withinMs(fetchIce(), ICE_REFRESH_TIMEOUT_MS, this.timers);
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

  /** The caller restarts ICE when it drops, and keeps restarting until it is back (ice-restart.ts). */
  private onIceState(ice: RTCIceConnectionState) {
    if (this.ended) return;
    this.restarter?.onIceState(ice);
    if (ice === 'connected' || ice === 'completed') {
      if (this.connectedAt === null) {
        this.connectedAt = Date.now();
        // One sample soon after connecting, so a call hung up before the first quality interval still
        // sends its end-of-call report (the report needs a getStats sample; none can be read after close).
        this.timers.setTimeout(() => void this.earlySample(), EARLY_SAMPLE_MS);
      }
      return this.setState('connected');
    }
    if (ice === 'disconnected' || ice === 'failed') this.setState('reconnecting');
  }

  private async earlySample() {
    const pc = this.pc;
    if (!pc || this.ended || this.lastSample) return;
    const sample = await readStatsSample(pc).catch(() => undefined);
    if (!this.ended && !this.lastSample) this.lastSample = sample;
  }

  private scheduleQuality() {
    this.qualityTimer = this.timers.setTimeout(async () => {
      const pc = this.pc;
      if (!pc || this.ended) return;
      try {
        const sample = await readStatsSample(pc);
        if (this.ended) return;
        this.options.events.quality?.(judgeQuality(this.lastSample, sample));
        if (this.adaptation && this.state === 'connected' && this.connectedAt !== null) {
          const view = await this.adaptation.onSample(
            this.lastSample,
            sample,
            this.options.qualityEveryMs ?? 2_000,
            Date.now() - this.connectedAt,
          );
          if (!this.ended) this.options.events.adaptation?.(view);
        }
        this.lastSample = sample;
      } catch {
        this.options.events.quality?.('unknown');
      }
      this.scheduleQuality();
    }, this.options.qualityEveryMs ?? 2_000);
  }
}
