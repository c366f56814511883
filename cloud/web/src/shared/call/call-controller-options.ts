import type { IceConfig } from './ice.js';
import type { MediaState } from './media-state.js';
import type { Quality } from './quality.js';
import type { AdaptationView } from './sender-adaptation.js';
import type { SignallingClient, Timers } from './signalling.js';

/** What a CallController (call-controller.ts) is given and what it tells its owner. */
export type CallRole = 'caller' | 'callee';

export interface CallControllerEvents {
  localStream?(stream: MediaStream | null): void;
  remoteStream?(stream: MediaStream | null): void;
  mediaState?(state: MediaState): void;
  quality?(quality: Quality): void;
  /** The video level we send and whether the screen should say "audio only" (bandwidth.ts). */
  adaptation?(view: AdaptationView): void;
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
  /** While ICE is not connected, how often the caller restarts it again (ice-restart.ts). */
  readonly restartEveryMs?: number;
  /**
   * Tracks on the connection from the start (default true: a resumed call, a callee who answered before it
   * was prepared). False: negotiate while it rings, attach at `accepted()` / `answer()` (issue 15 §3).
   */
  readonly live?: boolean;
  /** Send the end-of-call quality report to the cloud (default true; benchmarks and unit tests turn it off). */
  readonly reportQuality?: boolean;
}

export const defaultMedia = () =>
  navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: true, noiseSuppression: true },
    video: { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: 'user' },
  });

/** The camera and microphone, or null (and `mediaError` told) when they cannot be opened: the call goes on. */
export function openCamera(
  o: Pick<CallControllerOptions, 'getUserMedia' | 'events'>,
): Promise<MediaStream | null> {
  return (o.getUserMedia ?? defaultMedia)().catch((error: unknown) => {
    o.events.mediaError?.(error);
    return null;
  });
}
