import type { ClientMessage, MediaEngineName, RtcAnswer, RtcIce, RtcOffer } from '@screenvisit/protocol';
import type { z } from 'zod';
import type { Logger } from './logger.js';
import { MediaError } from './media/errors.js';
import type { IceConfig } from './media/ice.js';

export type RtcSignal = z.infer<typeof RtcOffer> | z.infer<typeof RtcAnswer> | z.infer<typeof RtcIce>;
export type { IceConfig, IceServer, IceTransportPolicy } from './media/ice.js';

/** MediaSession.failed's reason when the other party's media stopped mid-call: the agent ends the call as failed. */
export const MEDIA_LOST = 'media_lost';

/** RTCPeerConnectionState (W3C webrtc-pc §4.3.3), reported the same way by every engine. */
export type MediaConnectionState = 'new' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';
export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

export interface MediaStats {
  /** Video frames handed to the network (encoded frames; GStreamer) or to the sender (wrtc source). */
  framesSent: number;
  /** Video frames decoded from the other party. */
  framesReceived: number;
  bytesSent: number;
  bytesReceived: number;
  /** The selected ICE candidate pair, once there is one: 'relay' means TURN carries the call. */
  candidatePair: { local: CandidateType; remote: CandidateType } | null;
}

export type VideoCodec = 'VP8' | 'H264';

export interface CallMediaOptions extends IceConfig {
  callId: string;
  /** Preferred video codec to send; an engine falls back to one it can encode. */
  videoCodec?: VideoCodec;
}

/**
 * One call's media. SDP is NON-TRICKLE in the kiosk's direction: `answer()` and `createOffer()` resolve with the
 * local candidates inside the SDP, once gathering is complete (wrtc) or once the ones the call needs are there
 * (GStreamer, media/gstreamer/answer-ready.ts). RFC 8829 §3.5.1 allows a complete description in place of
 * trickling; webrtcbin hung with a JS on-ice-candidate handler, see shared/notes/dependencies.md. Remote candidates are accepted both inside the SDP and trickled one by one.
 */
export interface MediaCall {
  readonly callId: string;
  readonly state: MediaConnectionState;
  /**
   * Whether a second offer/answer (an ICE restart) works on this call. False for webrtcbin 1.22: the bridge
   * (media/call-bridge.ts) then closes the call and opens a new one for the same call id instead.
   */
  readonly renegotiates: boolean;
  /**
   * Why the call went 'failed', where the engine knows it. 'peer_unverified' (the DTLS certificate matches no
   * remote a=fingerprint) is final: the bridge hangs up instead of restarting.
   */
  readonly failure?: MediaError | null;
  /** The kiosk is called (the usual case): take the remote offer, return the complete answer. */
  answer(offerSdp: string): Promise<string>;
  /** The kiosk calls (night watch): return a complete offer. */
  createOffer(): Promise<string>;
  acceptAnswer(answerSdp: string): Promise<void>;
  /** A trickled remote candidate; null marks the end of the remote candidates. */
  addRemoteCandidate(candidate: RemoteCandidate | null): Promise<void>;
  /** A new complete offer with fresh ICE credentials (RFC 8445 §9); rejects with 'unsupported' where not possible. */
  restartIce(): Promise<string>;
  /**
   * The STUN/TURN the next gathering on THIS connection uses (an ICE restart, or answering the caller's restart
   * offer): `RTCPeerConnection.setConfiguration` (webrtc-pc §4.4.1.6). A call that cannot renegotiate ignores it:
   * the bridge opens a new one with the servers instead.
   */
  useIce(ice: IceConfig): void;
  stats(): Promise<MediaStats>;
  /** Returns an unsubscribe function. The listener also gets 'closed' exactly once. */
  onState(listener: (state: MediaConnectionState) => void): () => void;
  /** Hang up: stops every track and pipeline element and releases the camera. Idempotent, never rejects. */
  close(): Promise<void>;
}

export interface RemoteCandidate {
  candidate: string;
  sdpMid?: string | null | undefined;
  sdpMLineIndex?: number | null | undefined;
}

export interface MediaSession {
  readonly callId: string;
  /** Send signalling (rtc.offer/answer/ice) to the other party through the cloud. */
  send(message: ClientMessage): void;
  /** Media flows both ways: the agent moves connecting -> in_call. */
  up(): void;
  /**
   * Media could not be set up or was lost for good: the agent hangs up. MEDIA_LOST: an answered call whose
   * inbound media stopped while ICE stayed up (media/no-media-watchdog.ts).
   */
  failed(reason: string): void;
  /** 'callee' (default): wait for the caller's rtc.offer. 'caller': send an rtc.offer first. */
  role?: 'callee' | 'caller';
  /** STUN/TURN for this call; the engine's defaults otherwise. */
  ice?: IceConfig;
}

/**
 * The seam between the agent and the media engines (GStreamer webrtcbin, @roamhq/wrtc). The agent owns the
 * call state; an engine moves media and reports `up` or `failed` through the session it is given.
 * `start`/`handleSignal`/`stop` drive the one current call from the agent's signalling; `openCall` is the
 * lower-level handle the bridge (media/call-bridge.ts) and the shared engine suite use.
 */
export interface MediaEngine {
  readonly name: MediaEngineName;
  /** False when this engine cannot carry a call at all; the screen says so instead of pretending. */
  readonly available: boolean;
  openCall(options: CallMediaOptions): Promise<MediaCall>;
  /**
   * The kiosk rings for `callId` (or its night-watch call `callId` rings at the consoles): get ready so that
   * answering (or offering) is quick, WITHOUT opening the camera or the
   * microphone (nothing the camera sees may leave the device before the citizen answers). Undone by `stop()`
   * (declined, missed, cancelled) and used or dropped by `start()`. Never rejects; a no-op where nothing helps.
   */
  prepare(callId: string): Promise<void>;
  start(session: MediaSession): Promise<void>;
  handleSignal(signal: RtcSignal): void;
  /**
   * The other party came back on a NEW connection (the cloud resumed the call: `call.accepted` again, e.g. the
   * night-watch console was reloaded). As caller, the engine opens a fresh call for the same call id and sends
   * a new complete offer (`iceRestart`), as the mid-call `failed` path does: the reloaded page has a new
   * RTCPeerConnection, so nothing of the old negotiation (ICE, DTLS) can be reused. As callee it answers the
   * caller's next offer on a fresh call likewise. Media not back in time: `session.failed`, the agent hangs
   * up. A no-op with no current call. `ice`: the fresh `rtc.config` the cloud sent with this resume; the rebuilt
   * call opens with it (the call's first TURN credentials may have expired in a long call).
   */
  renegotiate(ice?: IceConfig): void;
  /**
   * The newest STUN/TURN for the current call (a later `rtc.config`: the one of the kiosk's own resume, or the
   * answer to its `rtc.config.request`): every later rebuild and ICE restart of the call uses them, not the ones it
   * started with, whose TURN credentials may have expired in a long call. Optional: a test double without it
   * keeps the servers it started with.
   */
  useIce?(ice: IceConfig): void;
  /**
   * The cloud refused the engine's `rtc.config.request` (`error` with code `rate_limited`: the kiosk asked too
   * often): a rebuild or ICE restart waiting for fresh servers goes on at once with the ones it holds. Optional:
   * without it the restart waits ICE_REFRESH_WAIT_MS, as for a cloud that does not answer.
   */
  iceRefused?(): void;
  /** The current call's statistics, or null when there is none (support diagnostics, e2e tests). */
  stats(): Promise<MediaStats | null>;
  stop(): Promise<void>;
}

/**
 * No media engine. It reports engine 'none' in the retained state and heartbeat, never reports `up`,
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
  async openCall(): Promise<MediaCall> {
    throw MediaError.unavailable('none', 'no media engine is installed on this device');
  }
  async prepare(): Promise<void> {}
  async start(session: MediaSession): Promise<void> {
    this.#log.warn(
      { callId: session.callId },
      'no media engine installed: this call cannot carry audio or video',
    );
  }
  handleSignal(signal: RtcSignal): void {
    this.#log.debug({ callId: signal.callId, type: signal.type }, 'no media engine: signalling dropped');
  }
  renegotiate(): void {}
  useIce(): void {}
  iceRefused(): void {}
  async stats(): Promise<null> {
    return null;
  }
  async stop(): Promise<void> {}
}
