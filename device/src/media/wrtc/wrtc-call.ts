import type * as Wrtc from '@roamhq/wrtc';
import type { Logger } from '../../logger.js';
import type {
  CallMediaOptions,
  CandidateType,
  MediaCall,
  MediaConnectionState,
  MediaStats,
  RemoteCandidate,
} from '../../media-engine.js';
import { TypedEmitter } from '../../typed-emitter.js';
import { MediaError } from '../errors.js';
import type { IceConfig } from '../ice.js';
import type { VideoView } from '../video-view.js';
import { AUDIO_RATE, i420Frame, toneChunk } from './test-pattern.js';

export type WrtcModule = typeof Wrtc;

export interface WrtcCallDeps {
  wrtc: WrtcModule;
  log: Logger;
  video: { width: number; height: number; framerate: number };
  stepTimeoutMs: number;
  /** The kiosk screen: received frames and the self-view are drawn there. */
  view?: VideoView;
}

type StatsEntry = Record<string, unknown> & { type?: string; id?: string };

/** How often the connection state is read besides its events (see the constructor). */
const STATE_POLL_MS = 100;

/**
 * One call on @roamhq/wrtc. The kiosk's "camera" is an RTCVideoSource fed with a moving I420 test pattern at
 * a fixed rate and its "microphone" an RTCAudioSource with a quiet tone (this engine carries no real camera:
 * it is the portable fallback and the reference the GStreamer engine is held to). Received video is counted
 * by an RTCVideoSink. Timers run only while the call is open.
 */
export class WrtcCall implements MediaCall {
  readonly callId: string;
  /** An ICE restart runs on the same RTCPeerConnection. */
  readonly renegotiates = true;
  readonly #deps: WrtcCallDeps;
  readonly #log: Logger;
  readonly #pc: RTCPeerConnection;
  readonly #events = new TypedEmitter<{ state: [MediaConnectionState] }>();
  readonly #tracks: MediaStreamTrack[] = [];
  readonly #sinks: { stop(): void }[] = [];
  readonly #timers: NodeJS.Timeout[] = [];
  #state: MediaConnectionState = 'new';
  #framesSent = 0;
  #framesReceived = 0;
  #closed = false;
  #finalStats: MediaStats | null = null;
  #failure: MediaError | null = null;

  constructor(deps: WrtcCallDeps, options: CallMediaOptions) {
    this.#deps = deps;
    this.callId = options.callId;
    this.#log = deps.log.child({ module: 'media', engine: 'wrtc', callId: options.callId });
    const { RTCPeerConnection, MediaStream, nonstandard } = deps.wrtc;
    this.#pc = new RTCPeerConnection({
      iceServers: options.iceServers,
      iceTransportPolicy: options.iceTransportPolicy,
      bundlePolicy: 'max-bundle',
    });
    const video = new nonstandard.RTCVideoSource();
    const audio = new nonstandard.RTCAudioSource();
    const stream = new MediaStream();
    for (const track of [video.createTrack(), audio.createTrack()]) {
      this.#tracks.push(track);
      stream.addTrack(track);
      this.#pc.addTrack(track, stream);
    }
    const { width, height, framerate } = deps.video;
    this.#timers.push(
      setInterval(() => {
        const frame = { width, height, data: i420Frame(width, height, this.#framesSent) };
        video.onFrame(frame);
        deps.view?.showFrame('self', frame);
        this.#framesSent++;
      }, 1000 / framerate),
    );
    let chunk = 0;
    this.#timers.push(
      setInterval(() => {
        audio.onData({
          samples: toneChunk(chunk++),
          sampleRate: AUDIO_RATE,
          bitsPerSample: 16,
          channelCount: 1,
        });
      }, 10),
    );
    this.#pc.ontrack = (event) => {
      if (event.track.kind !== 'video' || this.#closed) return;
      const sink = new nonstandard.RTCVideoSink(event.track);
      sink.onframe = ({ frame }: { frame: { width: number; height: number; data: Uint8Array } }) => {
        this.#framesReceived++;
        deps.view?.showFrame('remote', frame);
      };
      this.#sinks.push(sink);
    };
    this.#pc.onconnectionstatechange = () => this.#onConnectionState();
    // @roamhq/wrtc fires no connectionstatechange when the DTLS handshake fails (connectionState just reads
    // 'failed'), so without this the agent waited for its 30 s connect timeout: the state is also polled.
    this.#timers.push(setInterval(() => this.#onConnectionState(), STATE_POLL_MS));
  }

  /**
   * Why the call went 'failed', where that is known: 'peer_unverified' when ICE works but the DTLS handshake
   * failed (libwebrtc refuses a certificate that is not the one the remote a=fingerprint names, RFC 8122 §5);
   * final, the bridge hangs up instead of restarting (media/call-bridge.ts).
   */
  get failure(): MediaError | null {
    return this.#failure;
  }

  get state(): MediaConnectionState {
    return this.#state;
  }

  onState(listener: (state: MediaConnectionState) => void): () => void {
    return this.#events.on('state', listener);
  }

  async answer(offerSdp: string): Promise<string> {
    this.#assertOpen();
    await this.#negotiate('apply the remote offer', () =>
      this.#pc.setRemoteDescription({ type: 'offer', sdp: offerSdp }),
    );
    await this.#negotiate('create the answer', async () =>
      this.#pc.setLocalDescription(await this.#pc.createAnswer()),
    );
    return this.#completeLocalSdp();
  }

  async createOffer(): Promise<string> {
    this.#assertOpen();
    await this.#negotiate('create the offer', async () =>
      this.#pc.setLocalDescription(await this.#pc.createOffer()),
    );
    return this.#completeLocalSdp();
  }

  async acceptAnswer(answerSdp: string): Promise<void> {
    this.#assertOpen();
    await this.#negotiate('apply the remote answer', () =>
      this.#pc.setRemoteDescription({ type: 'answer', sdp: answerSdp }),
    );
  }

  async addRemoteCandidate(candidate: RemoteCandidate | null): Promise<void> {
    this.#assertOpen();
    if (candidate === null) return;
    await this.#negotiate('add a remote candidate', () => this.#pc.addIceCandidate(candidate));
  }

  async restartIce(): Promise<string> {
    this.#assertOpen();
    // RFC 8445 §9 / webrtc-pc §4.4.1.6: new ufrag/pwd in a new offer; the other side answers as usual.
    await this.#negotiate('restart ICE', async () =>
      this.#pc.setLocalDescription(await this.#pc.createOffer({ iceRestart: true })),
    );
    return this.#completeLocalSdp();
  }

  /**
   * The next gathering (an ICE restart, or answering one) allocates on the TURN servers with these credentials:
   * libwebrtc takes new servers for the next restart (webrtc-pc §4.4.1.6 setConfiguration; the rest of the
   * configuration is kept as it was, else it throws InvalidModificationError).
   */
  useIce(ice: IceConfig): void {
    if (this.#closed) return;
    try {
      this.#pc.setConfiguration({
        ...this.#pc.getConfiguration(),
        iceServers: ice.iceServers,
        iceTransportPolicy: ice.iceTransportPolicy,
      });
    } catch (error) {
      this.#log.warn(
        { err: error },
        'new ICE servers refused: the restart uses the ones the call began with',
      );
    }
  }

  async stats(): Promise<MediaStats> {
    if (this.#finalStats) return this.#finalStats;
    const entries: StatsEntry[] = [];
    const report = await this.#pc.getStats();
    report.forEach((entry: StatsEntry) => {
      entries.push(entry);
    });
    const sum = (type: string, key: string) =>
      entries.filter((e) => e.type === type).reduce((n, e) => n + Number(e[key] ?? 0), 0);
    return {
      framesSent: this.#framesSent,
      framesReceived: this.#framesReceived,
      bytesSent: sum('outbound-rtp', 'bytesSent'),
      bytesReceived: sum('inbound-rtp', 'bytesReceived'),
      candidatePair: selectedPair(entries),
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#finalStats = await this.stats().catch(() => null);
    this.#closed = true;
    for (const timer of this.#timers) clearInterval(timer);
    for (const sink of this.#sinks) sink.stop();
    for (const track of this.#tracks) track.stop();
    this.#pc.onconnectionstatechange = null;
    this.#pc.ontrack = null;
    this.#pc.close();
    this.#deps.view?.clear();
    this.#setState('closed');
    this.#events.removeAll();
    this.#log.info('media closed');
  }

  #assertOpen() {
    if (this.#closed) throw MediaError.closed(this.callId);
  }

  async #negotiate(what: string, step: () => Promise<void>) {
    try {
      await step();
    } catch (cause) {
      throw MediaError.negotiationFailed(what, cause);
    }
  }

  #onConnectionState() {
    if (this.#closed) return;
    const state = this.#pc.connectionState;
    if (state === 'failed' && this.#state !== 'failed' && this.#failure === null) {
      const ice = this.#pc.iceConnectionState;
      if (ice === 'connected' || ice === 'completed')
        this.#failure = MediaError.peerUnverified('the DTLS handshake failed on a working ICE path');
    }
    this.#setState(state);
  }

  #setState(state: RTCPeerConnectionState | MediaConnectionState) {
    if (state === this.#state) return;
    this.#log.info({ from: this.#state, to: state }, 'media connection state');
    this.#state = state;
    this.#events.emit('state', state);
  }

  /** Non-trickle: resolve once gathering is complete, with every candidate inside the description. */
  async #completeLocalSdp(): Promise<string> {
    const ms = this.#deps.stepTimeoutMs;
    const deadline = Date.now() + ms;
    while (this.#pc.iceGatheringState !== 'complete') {
      this.#assertOpen();
      if (Date.now() > deadline) throw MediaError.timeout('ICE gathering', ms);
      await new Promise((r) => setTimeout(r, 20));
    }
    const sdp = this.#pc.localDescription?.sdp;
    if (!sdp) throw MediaError.negotiationFailed('no local description');
    return sdp;
  }
}

/** transport.selectedCandidatePairId -> the pair -> its candidates' types (webrtc-stats §7.8, §7.12). */
function selectedPair(entries: StatsEntry[]): MediaStats['candidatePair'] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const transport = entries.find((e) => e.type === 'transport' && e.selectedCandidatePairId);
  const pair =
    byId.get(transport?.selectedCandidatePairId as string) ??
    entries.find((e) => e.type === 'candidate-pair' && e.state === 'succeeded' && e.nominated);
  const local = byId.get(pair?.localCandidateId as string)?.candidateType as CandidateType | undefined;
  const remote = byId.get(pair?.remoteCandidateId as string)?.candidateType as CandidateType | undefined;
  return local && remote ? { local, remote } : null;
}
