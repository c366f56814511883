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
import { type GstApi, hasElement, loadGstApi } from './gi.js';
import { GlibPump } from './glib-pump.js';
import { GstCall } from './gstreamer-call.js';
import { encoderFor, type GstDevices, TEST_DEVICES } from './pipeline.js';

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

/** webrtcbin through node-gtk: the engine for a Pi (hardware H.264 on a Pi 4). */
export class GstreamerEngine implements MediaEngine {
  readonly name = 'gstreamer' as const;
  readonly available = true;
  readonly #api: GstApi;
  readonly #options: GstreamerEngineOptions;
  readonly #pump: GlibPump;
  readonly #bridge: CallBridge;
  readonly #elements = new Map<string, boolean>();

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
      },
      options,
    );
  }

  start(session: MediaSession): Promise<void> {
    return this.#bridge.start(session);
  }
  handleSignal(signal: RtcSignal): void {
    this.#bridge.handleSignal(signal);
  }
  stats(): Promise<MediaStats | null> {
    return this.#bridge.stats();
  }
  stop(): Promise<void> {
    return this.#bridge.stop();
  }
}
