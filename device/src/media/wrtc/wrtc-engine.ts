import type { Logger } from '../../logger.js';
import type {
  CallMediaOptions,
  MediaCall,
  MediaEngine,
  MediaSession,
  MediaStats,
  RtcSignal,
} from '../../media-engine.js';
import { CallBridge } from '../call-bridge.js';
import { MediaError } from '../errors.js';
import { type IceConfig, NO_ICE_SERVERS } from '../ice.js';
import type { VideoView } from '../video-view.js';
import { WrtcCall, type WrtcModule } from './wrtc-call.js';

export interface WrtcEngineOptions {
  log: Logger;
  ice?: IceConfig;
  video?: { width: number; height: number; framerate: number };
  stepTimeoutMs?: number;
  view?: VideoView;
}

/**
 * @roamhq/wrtc (libwebrtc in Node): the portable engine, chosen when GStreamer is missing. VP8 both ways.
 * A process that created an RTCVideoSource segfaults on a natural exit (shared/notes/dependencies.md): the
 * kiosk's main.ts already ends with process.exit().
 */
export class WrtcEngine implements MediaEngine {
  readonly name = 'wrtc' as const;
  readonly available = true;
  readonly #wrtc: WrtcModule;
  readonly #options: WrtcEngineOptions;
  readonly #bridge: CallBridge;

  private constructor(wrtc: WrtcModule, options: WrtcEngineOptions) {
    this.#wrtc = wrtc;
    this.#options = options;
    this.#bridge = new CallBridge({
      open: (o) => this.openCall(o),
      log: options.log,
      ice: options.ice ?? NO_ICE_SERVERS,
    });
  }

  /** Loads the optional native module lazily; rejects with MediaError 'unavailable' when it does not load. */
  static async create(options: WrtcEngineOptions): Promise<WrtcEngine> {
    let wrtc: WrtcModule;
    try {
      const module = (await import('@roamhq/wrtc')) as WrtcModule & { default?: WrtcModule };
      wrtc = module.default ?? module;
    } catch (cause) {
      throw MediaError.unavailable(
        'wrtc',
        '@roamhq/wrtc is not installed or its binary does not load',
        cause,
      );
    }
    return new WrtcEngine(wrtc, options);
  }

  async openCall(options: CallMediaOptions): Promise<MediaCall> {
    return new WrtcCall(
      {
        wrtc: this.#wrtc,
        log: this.#options.log,
        video: this.#options.video ?? { width: 640, height: 360, framerate: 30 },
        stepTimeoutMs: this.#options.stepTimeoutMs ?? 10_000,
        ...(this.#options.view ? { view: this.#options.view } : {}),
      },
      options,
    );
  }

  /**
   * Nothing to prepare: libwebrtc builds a peer connection in a few ms, and the one costly step, the video
   * source, is the camera itself (not opened before the answer).
   */
  async prepare(): Promise<void> {}

  start(session: MediaSession): Promise<void> {
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
  stop(): Promise<void> {
    return this.#bridge.stop();
  }
}
