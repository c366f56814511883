import type { Logger } from '../logger.js';
import type {
  CallMediaOptions,
  MediaCall,
  MediaConnectionState,
  MediaSession,
  MediaStats,
  RtcSignal,
  VideoCodec,
} from '../media-engine.js';
import type { IceConfig } from './ice.js';

interface Current {
  /** session.callId is the controller's call id as received in start(); the bridge never sets one of its own. */
  session: MediaSession;
  call: Promise<MediaCall>;
  /** Signalling for this call is handled strictly in arrival order (an ICE candidate after its offer). */
  queue: Promise<void>;
  up: boolean;
}

/**
 * Drives the agent's one current call (MediaEngine.start / handleSignal / stop) over an engine's openCall.
 * Shared by both engines so the agent sees the same behaviour whichever was probed:
 *  - callee: rtc.offer in -> complete answer out as rtc.answer; caller: rtc.offer out first, rtc.answer in;
 *  - 'connected' reports session.up() once; 'failed' reports session.failed(); a later 'disconnected' is
 *    left to ICE's own recovery (webrtc-pc §4.3.3) and the agent's timers.
 */
export class CallBridge {
  readonly #open: (options: CallMediaOptions) => Promise<MediaCall>;
  readonly #log: Logger;
  readonly #defaults: IceConfig;
  readonly #videoCodec: VideoCodec | undefined;
  #current: Current | null = null;

  constructor(options: {
    open: (options: CallMediaOptions) => Promise<MediaCall>;
    log: Logger;
    ice: IceConfig;
    videoCodec?: VideoCodec;
  }) {
    this.#open = options.open;
    this.#log = options.log.child({ module: 'media' });
    this.#defaults = options.ice;
    this.#videoCodec = options.videoCodec;
  }

  async start(session: MediaSession): Promise<void> {
    await this.stop();
    const call = this.#open({
      callId: session.callId,
      ...(session.ice ?? this.#defaults),
      ...(this.#videoCodec ? { videoCodec: this.#videoCodec } : {}),
    });
    const current: Current = { session, call, queue: call.then(noop, noop), up: false };
    this.#current = current;
    const opened = await call;
    opened.onState((state) => this.#onState(current, state));
    if (session.role === 'caller')
      this.#enqueue(current, async (c) => {
        const sdp = await c.createOffer();
        session.send({ v: 1, type: 'rtc.offer', callId: session.callId, sdp });
      });
  }

  handleSignal(signal: RtcSignal): void {
    const current = this.#current;
    if (!current || current.session.callId !== signal.callId) {
      this.#log.debug(
        { callId: signal.callId, type: signal.type },
        'signalling for no current call: dropped',
      );
      return;
    }
    const { session } = current;
    this.#enqueue(current, async (call) => {
      switch (signal.type) {
        case 'rtc.offer': {
          const sdp = await call.answer(signal.sdp);
          session.send({ v: 1, type: 'rtc.answer', callId: session.callId, sdp });
          return;
        }
        case 'rtc.answer':
          return call.acceptAnswer(signal.sdp);
        case 'rtc.ice':
          return call.addRemoteCandidate(signal.candidate);
      }
    });
  }

  async stats(): Promise<MediaStats | null> {
    const call = await this.#current?.call.catch(() => null);
    return call ? call.stats() : null;
  }

  async stop(): Promise<void> {
    const current = this.#current;
    this.#current = null;
    if (!current) return;
    const call = await current.call.catch(() => null);
    await call?.close();
  }

  #enqueue(current: Current, step: (call: MediaCall) => Promise<void>) {
    current.queue = current.queue
      .then(async () => step(await current.call))
      .catch((error: unknown) => {
        if (this.#current !== current) return;
        this.#log.warn({ err: error, callId: current.session.callId }, 'media negotiation failed');
        current.session.failed(error instanceof Error ? error.message : 'negotiation failed');
      });
  }

  #onState(current: Current, state: MediaConnectionState) {
    if (this.#current !== current) return;
    if (state === 'connected' && !current.up) {
      current.up = true;
      current.session.up();
    } else if (state === 'failed') current.session.failed('ice_failed');
  }
}

const noop = () => undefined;
