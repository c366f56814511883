import { type CallControllerOptions, openCamera } from './call-controller-options.js';
import { STEP_UP_AFTER_MS, STEP_UP_RETRY_MS, STEP_UP_TRIES, stepUp, videoFramesSent } from './first-frame.js';
import { fetchIceConfig, IceServers, withinMs } from './ice.js';
import { type IceRestarter, restarterFor } from './ice-restart.js';
import { type MediaState, mayMove } from './media-state.js';
import type { ServerMessageOf } from './messages.js';
import { Peer } from './peer.js';
import { QualityLoop } from './quality-loop.js';
import { browserTimers, type SignallingClient, type Timers } from './signalling.js';
import { withStartBitrate } from './start-bitrate.js';
import { addCallerTransceivers, attachTracks, openForSending, sendKeyFrame } from './tracks.js';

export type { CallControllerEvents, CallControllerOptions, CallRole } from './call-controller-options.js';
/**
 * One call's media over RTCPeerConnection (flows.md §1, §3). The CALLER offers: while it rings (the early
 * offer), again after `call.accepted` if the page that took the call had not answered that one, and (ICE
 * restart) after a resume or when ICE drops; the callee only answers. Work on the connection runs one step
 * at a time on a promise chain, so an offer that arrives while the camera is still opening waits.
 *
 * NOTHING LEAVES BEFORE THE ANSWER (issue 15 §3): with `live: false` (caller from `call.ringing`, callee from
 * `call.incoming`) the transceivers carry no track and the callee opens no camera; tracks go on (tracks.ts)
 * and the remote stream is shown only at `accepted()` / `answer()`.
 *
 * GUARANTEED HANG-UP (issue 5 §3): end() stops every local track, closes the peer connection and clears the
 * remote stream, and a camera that opens after end() is stopped at once. end() is idempotent.
 */
export type { MediaState } from './media-state.js';

/** How long "Tag den" waits for the answer to an early offer that is being made, before accepting anyway. */
const ANSWER_BEFORE_ACCEPT_MS = 1_000;

export class CallController {
  private peer: Peer | null = null;
  private local: MediaStream | null = null;
  /** The callee's msid until its camera opens (tracks.ts openForSending). */
  private placeholder: MediaStream | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly unsubscribe: (() => void)[] = [];
  private ended = false;
  /** `call.accepted` seen (a later one follows a resume). */
  private offered = false;
  /** Camera and microphone tracks are on the connection, and the remote stream is shown. */
  private live: boolean;
  private earlyOffered = false;
  /** Callee: offers received and not yet answered; "Tag den" waits for them (answer()). */
  private answering = 0;
  private acceptSent = false;
  private earlyAnswered = false;
  /** The callee's camera, opening since "Tag den" (answer()). */
  private camera: Promise<MediaStream | null> | null = null;
  private state: MediaState = 'preparing';
  private readonly quality: QualityLoop;
  private restarter: IceRestarter | null = null;
  private readonly iceServers: IceServers;
  private readonly timers: Timers;
  /** ICE went `disconnected` or `failed` and has not come back yet (onIceState). */
  private outage = false;

  constructor(private readonly options: CallControllerOptions) {
    this.timers = options.timers ?? browserTimers;
    this.live = options.live ?? true;
    this.iceServers = new IceServers(options.fetchIce ?? fetchIceConfig, this.timers);
    this.quality = new QualityLoop({
      timers: this.timers,
      everyMs: options.qualityEveryMs ?? 2_000,
      events: options.events,
      pc: () => this.peer?.pc ?? null,
      connected: () => this.state === 'connected',
    });
    const s = options.signalling;
    const mine = (m: { callId: string }) => m.callId === options.callId;
    this.unsubscribe.push(
      s.on('rtc.offer', (m) => {
        if (!mine(m)) return;
        this.answering += 1;
        this.step(() => this.onOffer(m)).finally(() => {
          this.answering -= 1;
        });
      }),
      s.on('rtc.answer', (m) => mine(m) && this.step(() => this.onAnswer(m))),
      s.on('rtc.ice', (m) => mine(m) && this.step(async () => this.peer?.addIce(m))),
    );
    this.step(() => this.prepare());
  }

  get callId(): string {
    return this.options.callId;
  }

  /** The peer connection, for diagnostics (selected candidate pair) only. */
  get peerConnection(): RTCPeerConnection | null {
    return this.peer?.pc ?? null;
  }

  /**
   * After `call.accepted`. The first one: `negotiated` (the early offer was answered by the page that took
   * the call) only attaches the tracks. Otherwise the caller offers: the same early offer again when nobody
   * answered it (the cloud dropped it, or it reaches the callee late: an identical offer answers the same),
   * on a fresh connection when another page had answered it. A repeat (after a resume) is an ICE restart.
   */
  accepted(negotiated = false): void {
    const first = !this.offered;
    this.offered = true;
    if (this.options.role === 'callee') {
      if (!first) this.step(() => this.iceServers.refresh(this.peer?.pc));
      return;
    }
    if (!first) return void this.step(() => this.offer(true));
    this.step(async () => {
      const pc = this.peer?.pc;
      if (!negotiated && pc?.remoteDescription) this.rebuild();
      await this.goLive();
      if (negotiated) return;
      const early = this.peer?.pc.localDescription;
      if (early?.type === 'offer' && this.peer?.pc.signalingState === 'have-local-offer')
        this.send({ type: 'rtc.offer', callId: this.options.callId, sdp: early.sdp });
      else await this.offer(false);
    });
  }

  /**
   * The callee pressed "Tag den": sends `call.accept` (via `sendAccept`) once an early offer being answered
   * has its answer out (so the cloud sees the answer first), then opens the camera and attaches it.
   */
  answer(sendAccept: () => void): void {
    const tail = this.answering > 0 ? this.chain : Promise.resolve();
    void withinMs(tail, ANSWER_BEFORE_ACCEPT_MS, this.timers).then(() => {
      if (this.ended) return;
      this.acceptSent = true;
      sendAccept();
    });
    // The camera opens now, beside the accept, not behind whatever the chain is still doing.
    if (!this.local && this.options.role === 'callee') this.camera = openCamera(this.options);
    this.step(async () => {
      // Preparing while it rang may have failed (an idle-locked night console may not fetch ICE servers until
      // it is unlocked, issue 10 §1): prepare again now, or the caller's offer would find no connection.
      if (!this.peer) await this.prepare();
      await this.goLive();
    });
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
    const report = this.options.reportQuality !== false;
    this.quality.stop(report ? { callId: this.options.callId, role: this.options.role } : null);
    for (const u of this.unsubscribe) u();
    for (const t of this.local?.getTracks() ?? []) t.stop();
    // A camera still opening is stopped the moment it opens.
    void this.camera?.then((m) => {
      for (const t of m?.getTracks() ?? []) t.stop();
    });
    this.closePeer();
    this.local = null;
    this.options.events.localStream?.(null);
    this.setState('ended');
  }

  private step(work: () => Promise<void>): Promise<unknown> {
    this.chain = this.chain.then(async () => {
      if (this.ended) return;
      try {
        await work();
      } catch (error) {
        console.warn('call step failed', error);
      }
    });
    return this.chain;
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

  /** A held callee opens no camera while it rings; a caller's camera shows its self-view while it rings. */
  private async prepare() {
    const camera = this.live || this.options.role === 'caller';
    const [media] = await Promise.all([camera ? openCamera(this.options) : null, this.iceServers.first()]);
    if (this.ended) {
      for (const t of media?.getTracks() ?? []) t.stop();
      return;
    }
    this.local = media;
    this.options.events.localStream?.(media);
    this.build();
    this.setState('connecting');
    if (this.options.role === 'caller' && !this.live) {
      this.earlyOffered = true;
      await this.offer(false);
    }
  }

  /** A peer connection with its handlers, for the call or (rebuild) for a fresh start of its negotiation. */
  private build() {
    const peer = new Peer(this.iceServers.current ?? {}, {
      candidate: (c) =>
        this.send({
          type: 'rtc.ice',
          callId: this.options.callId,
          candidate: c ? { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex } : null,
        }),
      // Issue 15 §3: the other side's picture is not shown before the answer (goLive shows it).
      remoteStream: (stream) => this.live && this.options.events.remoteStream?.(stream),
      iceState: (ice) => this.onIceState(ice),
    });
    this.peer = peer;
    if (this.options.role === 'caller') addCallerTransceivers(peer.pc, this.local, this.live);
    this.quality.watch(peer.pc);
    if (this.options.role === 'caller')
      this.restarter = restarterFor(peer.pc, {
        timers: this.timers,
        restart: () => this.step(() => this.offer(true)),
        graceMs: this.options.disconnectedGraceMs,
        everyMs: this.options.restartEveryMs,
      });
  }

  private closePeer() {
    this.restarter?.stop();
    this.restarter = null;
    this.peer?.close();
    this.peer = null;
    this.options.events.remoteStream?.(null);
  }

  /** The early negotiation went to nobody or to another page: a new connection, new ICE and DTLS. */
  private rebuild() {
    this.closePeer();
    this.build();
  }

  /** Answer time: the callee's camera opens now; both sides put their tracks on and show the other side. */
  private async goLive() {
    if (this.live && this.options.role === 'caller' && !this.earlyOffered) return;
    this.live = true;
    // The other side's picture at once: it does not wait for our camera.
    if (this.peer?.remote) this.options.events.remoteStream?.(this.peer.remote);
    if (!this.local && this.options.role === 'callee') {
      const media = await (this.camera ?? openCamera(this.options));
      if (this.ended) return;
      this.local = media;
      this.options.events.localStream?.(media);
    }
    if (this.peer) this.stepUpLater(this.peer.pc, await attachTracks(this.peer.pc, this.local));
    const ice = this.peer?.pc.iceConnectionState;
    if (ice === 'connected' || ice === 'completed') this.quality.markFlowing();
  }

  /**
   * The picture went on small (first-frame.ts): full size once the first frame has been sent, looked at
   * STEP_UP_AFTER_MS after the tracks went on and then every STEP_UP_RETRY_MS (a loaded machine may take a
   * second for it; stepping up before it would start the encoder over).
   */
  private stepUpLater(pc: RTCPeerConnection, sender: RTCRtpSender | null, triesLeft = STEP_UP_TRIES) {
    if (!sender) return;
    const delay = triesLeft === STEP_UP_TRIES ? STEP_UP_AFTER_MS : STEP_UP_RETRY_MS;
    this.timers.setTimeout(async () => {
      const current = () => !this.ended && this.peer?.pc === pc;
      if (!current()) return;
      const sent = await videoFramesSent(pc).catch(() => 0);
      if (!current()) return;
      if (sent > 0) await stepUp(sender);
      else if (triesLeft > 1) this.stepUpLater(pc, sender, triesLeft - 1);
    }, delay);
  }

  private send(message: Parameters<SignallingClient['send']>[0]) {
    if (!this.ended) this.options.signalling.send(message);
  }

  private async offer(iceRestart: boolean) {
    const pc = this.peer?.pc;
    if (!pc) return;
    if (iceRestart) await this.iceServers.refresh(this.peer?.pc);
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

  private async onOffer(m: ServerMessageOf<'rtc.offer'>) {
    if (this.options.role !== 'callee') return;
    // An offer with no connection yet: preparing failed while it rang (see answer()); try once more.
    if (!this.peer) await this.prepare();
    const peer = this.peer;
    if (!peer) return;
    const pc = peer.pc;
    // An early offer (before `call.accepted`) that crossed our accept: the cloud will not count its answer,
    // and the caller starts over on a new connection (accepted()).
    const crossed = () => !this.offered && this.acceptSent && !this.earlyAnswered;
    if (crossed()) return;
    if (m.iceRestart) await this.iceServers.refresh(this.peer?.pc);
    await pc.setRemoteDescription({ type: 'offer', sdp: withStartBitrate(m.sdp) });
    this.placeholder ??= new MediaStream();
    openForSending(pc, this.local ?? this.placeholder);
    if (this.live) this.stepUpLater(pc, await attachTracks(pc, this.local));
    await peer.flushIce();
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    if (crossed()) return;
    if (!this.offered) this.earlyAnswered = true;
    this.send({ type: 'rtc.answer', callId: this.options.callId, sdp: answer.sdp ?? '' });
  }

  private async onAnswer(m: ServerMessageOf<'rtc.answer'>) {
    const peer = this.peer;
    if (peer?.pc.signalingState !== 'have-local-offer') return;
    await peer.pc.setRemoteDescription({ type: 'answer', sdp: withStartBitrate(m.sdp) });
    await peer.flushIce();
  }

  /** The caller restarts ICE when it drops, and keeps restarting until it is back (ice-restart.ts). */
  private onIceState(ice: RTCIceConnectionState) {
    if (this.ended) return;
    this.restarter?.onIceState(ice);
    this.quality.iceChanged(ice);
    if (ice === 'connected' || ice === 'completed') {
      if (this.live) this.quality.markFlowing();
      // Back after an outage: a key frame now, so the other side's picture returns at once (tracks.ts).
      if (this.outage && this.live)
        this.step(async () => {
          if (this.peer) await sendKeyFrame(this.peer.pc);
        });
      this.outage = false;
      return this.setState('connected');
    }
    if (ice === 'disconnected' || ice === 'failed') {
      this.outage = true;
      this.setState('reconnecting');
    }
  }
}
