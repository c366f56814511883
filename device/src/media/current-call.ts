import type { ClockTimer } from '@screenvisit/protocol';
import type { MediaCall, MediaSession } from '../media-engine.js';
import type { IceConfig } from './ice.js';
import type { NoMediaWatch } from './no-media-watchdog.js';

/** What the CallBridge (call-bridge.ts) holds of its one current call, across rebuilds and ICE restarts. */
export interface CurrentCall {
  /** session.callId is the controller's call id as received in start(); the bridge never sets one of its own. */
  session: MediaSession;
  call: Promise<MediaCall>;
  /** Signalling for this call is handled strictly in arrival order (an ICE candidate after its offer). */
  queue: Promise<void>;
  up: boolean;
  /** An offer was answered (callee) or sent (caller): a further offer is a renegotiation. */
  negotiated: boolean;
  restarts: number;
  /** The other party came back on a new connection (renegotiate): its next offer is answered on a fresh call. */
  freshAnswer: boolean;
  /**
   * Callee after a mid-call failure: how long the caller has to send its ICE-restart offer. Caller after a
   * resume (renegotiate): how long the fresh call has to connect.
   */
  restartWait: ClockTimer | null;
  /**
   * The newest STUN/TURN the kiosk holds for this call: the session's, replaced by every later `rtc.config` (the
   * one a resume brings, renegotiate; the one of the kiosk's own resume or the answer to its request, useIce).
   * Every rebuild and ICE restart uses it (#freshIce), so one late in a long call does not present TURN
   * credentials that have expired.
   */
  ice: IceConfig;
  /** The servers the current MediaCall gathers with: opened with, or given since (MediaCall.useIce). */
  callIce: IceConfig;
  /** A rebuild or restart waiting for the cloud's answer to `rtc.config.request` (#freshIce). */
  iceWaiters: (() => void)[];
  /** Hangs up an answered call whose inbound media stopped while ICE stayed up (no-media-watchdog.ts). */
  watch: NoMediaWatch | null;
}

export function currentCall(session: MediaSession, ice: IceConfig): CurrentCall {
  return {
    session,
    call: Promise.resolve(null as unknown as MediaCall), // replaced by CallBridge #openFor before anyone awaits it
    queue: Promise.resolve(),
    up: false,
    negotiated: false,
    restarts: 0,
    freshAnswer: false,
    restartWait: null,
    ice,
    callIce: ice,
    iceWaiters: [],
    watch: null,
  };
}
