import type { ClientMessage, MediaEngineName, RtcAnswer, RtcIce, RtcOffer } from '@screenvisit/protocol';
import type { z } from 'zod';
import type { Logger } from './logger.js';

export type RtcSignal = z.infer<typeof RtcOffer> | z.infer<typeof RtcAnswer> | z.infer<typeof RtcIce>;

export interface MediaSession {
  readonly callId: string;
  /** Send signalling (rtc.offer/answer/ice) to the other party through the cloud. */
  send(message: ClientMessage): void;
  /** Media flows both ways: the agent moves connecting -> in_call. */
  up(): void;
  /** Media could not be set up or was lost for good: the agent hangs up. */
  failed(reason: string): void;
}

/**
 * The seam where the real engines (GStreamer webrtcbin, @roamhq/wrtc) plug in later. The agent owns the call
 * state; an engine only moves media and reports `up` or `failed` through the session it is given.
 */
export interface MediaEngine {
  readonly name: MediaEngineName;
  /** False when this engine cannot carry a call at all; the screen says so instead of pretending. */
  readonly available: boolean;
  start(session: MediaSession): Promise<void>;
  handleSignal(signal: RtcSignal): void;
  stop(): Promise<void>;
}

/**
 * No media engine yet. It reports engine 'none' in the retained state and heartbeat, never reports `up`,
 * and drops signalling: an accepted call stays `connecting` until the caller or the connect timeout ends it.
 * It is an explicit absence, not a fake that claims to stream.
 */
export class NoMediaEngine implements MediaEngine {
  readonly name = 'none' as const;
  readonly available = false;
  readonly #log: Logger;
  constructor(log: Logger) {
    this.#log = log.child({ module: 'media' });
  }
  async start(session: MediaSession): Promise<void> {
    this.#log.warn(
      { callId: session.callId },
      'no media engine installed: this call cannot carry audio or video',
    );
  }
  handleSignal(signal: RtcSignal): void {
    this.#log.debug({ callId: signal.callId, type: signal.type }, 'no media engine: signalling dropped');
  }
  async stop(): Promise<void> {}
}
