import type { Logger } from '../../logger.js';
import type {
  CallMediaOptions,
  MediaCall,
  MediaEngine,
  MediaSession,
  MediaStats,
  RtcSignal,
  VideoCodec,
} from '../../media-engine.js';
import { CallBridge } from '../call-bridge.js';
import { MediaError } from '../errors.js';
import { type IceConfig, NO_ICE_SERVERS } from '../ice.js';
import type { VideoView } from '../video-view.js';
import { elementsByFactory, type GstApi, hasElement, loadGstApi } from './gi.js';
import { GlibPump } from './glib-pump.js';
import { GstCall } from './gstreamer-call.js';
import {
  type EncoderChoice,
  encoderFor,
  type GstDevices,
  preferredCodecs,
  TEST_DEVICES,
} from './pipeline.js';
import { discardPrepared, type PreparedSend, prepareSend, SOURCE_FACTORIES } from './prepared-send.js';

export interface GstreamerEngineOptions {
  log: Logger;
  devices?: GstDevices;
  ice?: IceConfig;
  videoCodec?: VideoCodec;
  stepTimeoutMs?: number;
  /** The kiosk screen: remote video and self-view go into its window (devices.display 'gtk'). */
  view?: VideoView;
}

/** The elements without which no call is possible; an encoder is checked separately. */
const REQUIRED = [
  'webrtcbin',
  'nicesrc',
  'rtpopuspay',
  'opusenc',
  'opusdec',
  'videoconvert',
  'fpsdisplaysink',
];

/**
 * Building takes Node's (= GTK's) thread for ~10 ms warm: the ringing screen must be painted first (issue 11
 * target: ring -> painted p95 < 150 ms). Nobody answers within 150 ms of the ring, so nothing is lost.
 */
const PAINT_FIRST_MS = 150;

/** webrtcbin through node-gtk: the engine for a Pi (hardware H.264 on a Pi 4). */
export class GstreamerEngine implements MediaEngine {
  readonly name = 'gstreamer' as const;
  readonly available = true;
  readonly #api: GstApi;
  readonly #options: GstreamerEngineOptions;
  readonly #pump: GlibPump;
  readonly #bridge: CallBridge;
  readonly #elements = new Map<string, boolean>();
  /** The call the kiosk rings for, until it is answered, started or stopped. */
  #preparing: string | null = null;
  #prepared: PreparedSend | null = null;

  private constructor(api: GstApi, options: GstreamerEngineOptions) {
    this.#api = api;
    this.#options = options;
    this.#pump = new GlibPump(api);
    this.#bridge = new CallBridge({
      open: (o) => this.openCall(o),
      log: options.log,
      ice: options.ice ?? NO_ICE_SERVERS,
      ...(options.videoCodec ? { videoCodec: options.videoCodec } : {}),
    });
  }

  /** Loads node-gtk and checks the elements; rejects with MediaError 'unavailable' saying what is missing. */
  static async create(options: GstreamerEngineOptions): Promise<GstreamerEngine> {
    const api = await loadGstApi();
    const engine = new GstreamerEngine(api, options);
    const missing = REQUIRED.filter((element) => !engine.has(element));
    if (missing.length > 0)
      throw MediaError.unavailable('gstreamer', `missing GStreamer elements: ${missing.join(', ')}`);
    if (!engine.canEncode('VP8') && !engine.canEncode('H264'))
      throw MediaError.unavailable('gstreamer', 'no video encoder (v4l2h264enc, openh264enc or vp8enc)');
    // The first dtlsdec of a process generates GStreamer's default RSA-2048 certificate (gstdtlsdec.c
    // get_agent_by_pem(NULL), once per process). Measured: ~330 ms of the first answer's set-remote-description
    // at load 1.7 here, more on a Pi. Done now, at start-up, instead of while the citizen waits.
    api.Gst.ElementFactory.make('dtlsdec', null);
    // The call's other plugins (webrtcbin, libnice, the encoder...) are NOT loaded here: measured ~10 MB of idle
    // RSS for 40-500 ms saved on the first call only, and prepare() pays that while the first call rings.
    return engine;
  }

  has(element: string): boolean {
    let found = this.#elements.get(element);
    if (found === undefined) {
      found = hasElement(this.#api, element);
      this.#elements.set(element, found);
    }
    return found;
  }

  canEncode(codec: VideoCodec): boolean {
    return encoderFor(codec, (element) => this.has(element)) !== null;
  }

  get #devices(): GstDevices {
    return this.#options.devices ?? TEST_DEVICES;
  }

  #firstEncoder(): EncoderChoice | null {
    for (const codec of preferredCodecs(this.#options.videoCodec, (e) => this.has(e))) {
      const encoder = encoderFor(codec, (e) => this.has(e));
      if (encoder) return encoder;
    }
    return null;
  }

  /**
   * The kiosk rings for `callId`: build the send pipeline now, without camera or microphone (prepared-send.ts),
   * so that answering only opens the sources. Waits PAINT_FIRST_MS first (the ringing screen paints first). Never rejects: an unprepared call is built on answer.
   */
  async prepare(callId: string): Promise<void> {
    this.#dropPrepared();
    this.#preparing = callId;
    await new Promise((r) => setTimeout(r, PAINT_FIRST_MS));
    if (this.#preparing !== callId || this.#prepared) return; // answered, declined or another call meanwhile
    const encoder = this.#firstEncoder();
    if (!encoder) return;
    try {
      this.#prepared = prepareSend(this.#api, this.#devices, callId, encoder);
    } catch (error) {
      this.#options.log.warn({ err: error, callId }, 'could not prepare the media pipeline while ringing');
    }
  }

  /**
   * What a test checks: the call prepared for, and which camera/microphone elements (none, by design) and
   * which elements of the given factories its pipeline holds. Null when nothing is prepared.
   */
  prepared(factories: readonly string[] = []): { callId: string; sources: string[]; found: string[] } | null {
    const prepared = this.#prepared;
    if (!prepared) return null;
    const present = (names: readonly string[]) =>
      names.filter((name) => elementsByFactory(prepared.pipeline, name).length > 0);
    return { callId: prepared.callId, sources: present(SOURCE_FACTORIES), found: present(factories) };
  }

  #takePrepared(callId: string, encoder: EncoderChoice, audio: boolean): PreparedSend | null {
    const prepared = this.#prepared;
    this.#prepared = null;
    this.#preparing = null;
    if (!prepared) return null;
    const fits =
      prepared.callId === callId &&
      prepared.encoder.element === encoder.element &&
      prepared.audio === (audio && this.#devices.microphone !== 'none');
    if (fits) return prepared;
    this.#options.log.info({ callId }, 'the prepared pipeline does not fit the offer: building a new one');
    discardPrepared(this.#api, prepared);
    return null;
  }

  #dropPrepared() {
    this.#preparing = null;
    const prepared = this.#prepared;
    this.#prepared = null;
    if (prepared) discardPrepared(this.#api, prepared);
  }

  async openCall(options: CallMediaOptions): Promise<MediaCall> {
    return new GstCall(
      {
        api: this.#api,
        pump: this.#pump,
        devices: this.#options.devices ?? TEST_DEVICES,
        has: (element) => this.has(element),
        log: this.#options.log,
        stepTimeoutMs: this.#options.stepTimeoutMs ?? 10_000,
        ...(this.#options.view ? { view: this.#options.view } : {}),
        takePrepared: (callId, encoder, audio) => this.#takePrepared(callId, encoder, audio),
      },
      options,
    );
  }

  start(session: MediaSession): Promise<void> {
    if (this.#prepared && this.#prepared.callId !== session.callId) this.#dropPrepared();
    // Answered before prepare() ran (within PAINT_FIRST_MS of the ring): the answer builds its own pipeline, so
    // the pending prepare must not build a second one beside it, PLAYING and unused for the whole call.
    this.#preparing = null;
    return this.#bridge.start(session);
  }
  handleSignal(signal: RtcSignal): void {
    this.#bridge.handleSignal(signal);
  }
  renegotiate(ice?: IceConfig): void {
    this.#bridge.renegotiate(ice);
  }
  useIce(ice: IceConfig): void {
    this.#bridge.useIce(ice);
  }
  iceRefused(): void {
    this.#bridge.iceRefused();
  }
  stats(): Promise<MediaStats | null> {
    return this.#bridge.stats();
  }
  /** Ends the call, and drops a pipeline prepared for a call that was declined, missed or cancelled. */
  async stop(): Promise<void> {
    this.#dropPrepared();
    await this.#bridge.stop();
  }
}
