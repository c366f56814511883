import type { Logger } from '../../logger.js';
import type {
  CallMediaOptions,
  MediaCall,
  MediaConnectionState,
  MediaStats,
  RemoteCandidate,
} from '../../media-engine.js';
import { TypedEmitter } from '../../typed-emitter.js';
import { MediaError } from '../errors.js';
import { pickPayloadType } from '../sdp.js';
import type { VideoView } from '../video-view.js';
import {
  attachWidget,
  framesReceived,
  linkRemoteStream,
  sendPipelineFor,
  startSending,
} from './call-elements.js';
import { createDtlsIdentity, type DtlsIdentity, useDtlsIdentity } from './dtls-identity.js';
import { DtlsPeerGate } from './dtls-peer-gate.js';
import type { GstApi, GstElement, GstPad, GstStructure } from './gi.js';
import type { GlibPump } from './glib-pump.js';
import { parseWebrtcStats } from './gst-stats.js';
import { JitterLatencyStep } from './jitter-latency.js';
import { completeLocalSdp } from './local-description.js';
import {
  chooseEncoder,
  type EncoderChoice,
  encoderFor,
  type GstDevices,
  preferredCodecs,
} from './pipeline.js';
import type { PreparedSend } from './prepared-send.js';
import { replyDescription, sessionDescription } from './session-description.js';
import { WebrtcbinActions } from './webrtcbin-actions.js';

export interface GstCallDeps {
  api: GstApi;
  pump: GlibPump;
  devices: GstDevices;
  has(element: string): boolean;
  log: Logger;
  /** Upper bound for ICE gathering and each webrtcbin promise. */
  stepTimeoutMs: number;
  /** The kiosk screen (display 'gtk'): gets the gtksinks' widgets. */
  view?: VideoView;
  /** The pipeline prepared while this call rang (gstreamer-engine.ts), if it fits the offer; taken once. */
  takePrepared?(callId: string, encoder: EncoderChoice, audio: boolean): PreparedSend | null;
}

// GstWebRTCPeerConnectionState, in enum order (gstwebrtc/webrtc_fwd.h).
const STATES: MediaConnectionState[] = ['new', 'connecting', 'connected', 'disconnected', 'failed', 'closed'];
// Payload types for our own offer: dynamic range (RFC 3551 §6); Chromium uses the same numbers.
const OFFER_VIDEO_PT = 96;
const OFFER_AUDIO_PT = 111;

/**
 * INVARIANTS (node-gtk runs every signal handler and promise callback on Node's thread, and the emitting
 * GStreamer thread waits until it has run):
 *  - Node's thread never blocks on a GStreamer thread while one may be waiting for it: webrtcbin promises are
 *    awaited through change callbacks (never `promise.wait()`), and close() lets in-flight promises settle
 *    before it sets the pipeline to NULL, the one blocking call.
 *  - The only JS signal handler is webrtcbin `pad-added` (once per remote stream); it is disconnected first on
 *    close. Connection state, ICE gathering and the bus are polled by the pump.
 *  - Nothing is encrypted for, or decoded from, a DTLS peer before its certificate matched the remote
 *    a=fingerprint (dtls-peer-gate.ts): 'connected' is reported only after that.
 */
export class GstCall implements MediaCall {
  readonly callId: string;
  /** webrtcbin 1.22 takes one offer/answer: a restart needs a new GstCall (media/call-bridge.ts rebuilds). */
  readonly renegotiates = false;
  readonly #deps: GstCallDeps;
  readonly #options: CallMediaOptions;
  readonly #log: Logger;
  readonly #events = new TypedEmitter<{ state: [MediaConnectionState] }>();
  readonly #actions: WebrtcbinActions;
  #pipeline: GstElement | null = null;
  #webrtc: GstElement | null = null;
  #padHandler: number | null = null;
  #untick: (() => void) | null = null;
  #state: MediaConnectionState = 'new';
  #closed = false;
  #finalStats: MediaStats | null = null;
  /** This pipeline's own DTLS certificate (dtls-identity.ts: why not GStreamer's per-process one). */
  readonly #identity: DtlsIdentity = createDtlsIdentity();
  /** No media either way until the peer's DTLS certificate matches the remote a=fingerprint (dtls-peer-gate.ts). */
  readonly #peer: DtlsPeerGate;
  #refusal: MediaError | null = null;
  /** START_LATENCY_MS until a remote video frame is shown, then CALL_LATENCY_MS (jitter-latency.ts). */
  readonly #latency = new JitterLatencyStep();

  constructor(deps: GstCallDeps, options: CallMediaOptions) {
    this.#deps = deps;
    this.#options = options;
    this.callId = options.callId;
    this.#actions = new WebrtcbinActions(deps.api, deps.stepTimeoutMs);
    this.#log = deps.log.child({ module: 'media', engine: 'gstreamer', callId: options.callId });
    this.#peer = new DtlsPeerGate(deps.api, this.#log);
  }

  /** Set when the call was refused: a 'peer_unverified' failure is final (media/call-bridge.ts does not restart). */
  get failure(): MediaError | null {
    return this.#refusal;
  }

  get state(): MediaConnectionState {
    return this.#state;
  }

  /** webrtcbin's jitter-buffer latency now (ms): START_LATENCY_MS until a remote frame is shown (jitter-latency.ts). */
  get jitterLatencyMs(): number | null {
    return this.#webrtc ? Number(this.#webrtc.latency) : null;
  }

  onState(listener: (state: MediaConnectionState) => void): () => void {
    return this.#events.on('state', listener);
  }

  async answer(offerSdp: string): Promise<string> {
    this.#assertOpen();
    if (this.#pipeline) throw MediaError.unsupported('renegotiation (a second offer) on webrtcbin');
    this.#peer.expect(offerSdp);
    const choice = chooseEncoder(offerSdp, this.#options.videoCodec, this.#deps.has);
    const audioPayloadType = pickPayloadType(offerSdp, 'OPUS');
    const prepared =
      this.#deps.takePrepared?.(this.callId, choice.encoder, audioPayloadType !== null) ?? null;
    this.#build(choice.encoder, choice.payloadType, audioPayloadType, prepared);
    await this.#run('set-remote-description', sessionDescription(this.#api, 'OFFER', offerSdp));
    const reply = await this.#run('create-answer', this.#api.Gst.Structure.newEmpty('answer-options'));
    this.#useOwnIdentity();
    await this.#run('set-local-description', replyDescription(reply, 'answer'));
    return this.#completeLocalSdp();
  }

  async createOffer(): Promise<string> {
    this.#assertOpen();
    if (this.#pipeline) throw MediaError.unsupported('a second offer on webrtcbin');
    const encoder = encoderFor(
      preferredCodecs(this.#options.videoCodec, this.#deps.has)[0] ?? 'VP8',
      this.#deps.has,
    );
    if (!encoder) throw MediaError.unavailable('gstreamer', 'no video encoder');
    // The night-watch call prepared while the consoles rang (call-controller.ts), if it has this encoder.
    const prepared = this.#deps.takePrepared?.(this.callId, encoder, true) ?? null;
    this.#build(encoder, OFFER_VIDEO_PT, OFFER_AUDIO_PT, prepared);
    // webrtcbin offers from its sink pads' caps (it signals on-negotiation-needed only once they are known;
    // that handler is not used, see INVARIANTS): wait for the encoded video's caps first.
    await this.#until(
      'video caps on webrtcbin',
      () => this.#webrtc?.getStaticPad('sink_0')?.getCurrentCaps() != null,
    );
    const reply = await this.#run('create-offer', this.#api.Gst.Structure.newEmpty('offer-options'));
    this.#useOwnIdentity();
    await this.#run('set-local-description', replyDescription(reply, 'offer'));
    return this.#completeLocalSdp();
  }

  async acceptAnswer(answerSdp: string): Promise<void> {
    this.#assertOpen();
    this.#peer.expect(answerSdp);
    await this.#run('set-remote-description', sessionDescription(this.#api, 'ANSWER', answerSdp));
  }

  async addRemoteCandidate(candidate: RemoteCandidate | null): Promise<void> {
    this.#assertOpen();
    // webrtcbin needs no end-of-candidates marker; candidates inside the SDP were applied with it.
    if (candidate === null || !this.#webrtc) return;
    this.#webrtc.emit('add-ice-candidate', candidate.sdpMLineIndex ?? 0, candidate.candidate);
  }

  async restartIce(): Promise<string> {
    // webrtcbin 1.22 has no ice-restart offer option: the bridge opens a new GstCall instead (renegotiates).
    throw MediaError.unsupported('ICE restart on webrtcbin (GStreamer 1.22)');
  }

  /** Never gathers again (renegotiates false): the bridge opens a new GstCall with the servers instead. */
  useIce(): void {}

  async stats(): Promise<MediaStats> {
    if (this.#finalStats) return this.#finalStats;
    const pipeline = this.#pipeline;
    const webrtc = this.#webrtc;
    const base: MediaStats = {
      framesSent: Number(pipeline?.getByName('sent')?.framesRendered ?? 0),
      framesReceived: pipeline ? framesReceived(pipeline) : 0,
      bytesSent: 0,
      bytesReceived: 0,
      candidatePair: null,
    };
    // get-stats takes a pad here (node-gtk cannot pass NULL for "all"): the video sink pad's stream carries
    // the bundled transport, so its report includes the candidate pair.
    const pad = webrtc?.getStaticPad('sink_0');
    if (!webrtc || !pad || this.#closed) return base;
    const reply = await this.#run('get-stats', pad).catch(() => null);
    return { ...base, ...parseWebrtcStats(reply) };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const pipeline = this.#pipeline;
    if (pipeline) {
      this.#finalStats = { ...(await this.stats()) };
      await this.#actions.settle(2_000);
      if (this.#padHandler !== null) this.#webrtc?.disconnect(this.#padHandler);
      this.#untick?.();
      // NULL stops every element and its threads and releases the camera device (GstState docs: NULL frees
      // all resources). Synchronous for a pipeline without async sinks.
      pipeline.setState(this.#api.Gst.State.NULL);
      this.#deps.view?.clear();
    }
    this.#pipeline = null;
    this.#webrtc = null;
    this.#setState('closed');
    this.#events.removeAll();
    this.#log.info('media closed');
  }

  get #api(): GstApi {
    return this.#deps.api;
  }

  #assertOpen() {
    if (this.#closed) throw MediaError.closed(this.callId);
  }

  /** Builds the send pipeline, or takes the one prepared while ringing (already PLAYING, no sources yet). */
  #build(
    encoder: EncoderChoice,
    videoPayloadType: number,
    audioPayloadType: number | null,
    prepared: PreparedSend | null = null,
  ) {
    const elements = {
      api: this.#api,
      devices: this.#deps.devices,
      encoder,
      videoPayloadType,
      audioPayloadType,
      prepared,
    };
    const { pipeline, webrtc } = sendPipelineFor({ ...elements, peer: this.#peer, ice: this.#options });
    this.#padHandler = webrtc.connect('pad-added', (pad: GstPad) => this.#onRemotePad(pad));
    this.#pipeline = pipeline;
    this.#webrtc = webrtc;
    this.#untick = this.#deps.pump.add(() => this.#poll());
    attachWidget(this.#deps.view, 'self', pipeline.getByName('self_view'));
    startSending({ ...elements, pipeline, log: this.#log });
  }

  /** A remote stream appeared: decode it into the display (video) or the speaker (audio). */
  #onRemotePad(pad: GstPad) {
    const pipeline = this.#pipeline;
    if (!pipeline || this.#closed || !pad.getName().startsWith('src')) return;
    // SRTP only decrypts after the handshake, so the certificate is known by now. Never decode an unverified
    // peer; the refusal runs on a later turn (no webrtcbin calls inside its own signal handler).
    const verdict = this.#webrtc ? this.#peer.check(this.#webrtc) : 'pending';
    if (verdict !== 'verified') {
      const error =
        verdict === 'pending'
          ? MediaError.peerUnverified('remote media before the DTLS peer was checked')
          : verdict;
      setTimeout(() => this.#refuse(error), 0);
      return;
    }
    linkRemoteStream({
      api: this.#api,
      devices: this.#deps.devices,
      pipeline,
      pad,
      log: this.#log,
      attachWidget: (sink) => attachWidget(this.#deps.view, 'remote', sink),
    });
  }

  #poll() {
    const pipeline = this.#pipeline;
    const webrtc = this.#webrtc;
    if (!pipeline || !webrtc) return;
    const bus = pipeline.getBus();
    for (let message = bus.pop(); message !== null; message = bus.pop()) {
      if (message.type === this.#api.Gst.MessageType.ERROR) {
        const [error, debug] = message.parseError?.() ?? [{ message: 'unknown error' }, ''];
        this.#log.error({ error: error.message, element: message.src?.name, debug }, 'pipeline error');
        this.#setState('failed');
      }
    }
    this.#latency.update(webrtc, () => framesReceived(pipeline));
    const state = STATES[Number(webrtc.connectionState)];
    if (!state || this.#state === 'failed') return;
    const verdict = state === 'new' ? 'pending' : this.#peer.check(webrtc);
    if (verdict instanceof MediaError) return this.#refuse(verdict);
    // 'connected' is reported, and the send valves open, only for a verified peer (RFC 8122 §5).
    if (state === 'connected' && verdict === 'verified') this.#peer.release();
    this.#setState(state === 'connected' && verdict !== 'verified' ? 'connecting' : state);
  }

  /** The DTLS peer is not who the signalling named: nothing was sent or decoded; fail and stop the pipeline. */
  #refuse(error: MediaError) {
    if (this.#refusal || this.#closed) return;
    this.#refusal = error;
    this.#log.error({ reason: error.reason, err: error }, 'DTLS peer refused: no media, closing the call');
    this.#setState('failed');
    void this.close();
  }

  #setState(state: MediaConnectionState) {
    if (state === this.#state) return;
    this.#log.info({ from: this.#state, to: state }, 'media connection state');
    this.#state = state;
    this.#events.emit('state', state);
  }

  #run(signal: string, ...args: unknown[]): Promise<GstStructure | null> {
    if (!this.#webrtc) return Promise.reject(MediaError.closed(this.callId));
    return this.#actions.run(this.#webrtc, signal, ...args);
  }

  async #until(what: string, done: () => boolean): Promise<void> {
    const ms = this.#deps.stepTimeoutMs;
    const deadline = Date.now() + ms;
    while (!done()) {
      this.#assertOpen();
      if (Date.now() > deadline) throw MediaError.timeout(what, ms);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** This call's own certificate into webrtcbin's DTLS decoder(s) (dtls-identity.ts useDtlsIdentity). */
  #useOwnIdentity() {
    if (!this.#webrtc) throw MediaError.closed(this.callId);
    useDtlsIdentity(this.#api, this.#webrtc, this.#identity);
  }

  /** Non-trickle: the whole local description once ICE gathered enough (local-description.ts). */
  #completeLocalSdp(): Promise<string> {
    return completeLocalSdp({
      api: this.#api,
      webrtc: () => this.#webrtc,
      ice: this.#options,
      fingerprint: this.#identity.fingerprint,
      until: (what, done) => this.#until(what, done),
    });
  }
}
