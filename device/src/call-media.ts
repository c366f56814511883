import type { ServerMessage } from '@screenvisit/protocol';
import type { Logger } from './logger.js';
import type { IceConfig, MediaEngine, MediaSession, RtcSignal } from './media-engine.js';

type RtcConfigMessage = Extract<ServerMessage, { type: 'rtc.config' }>;

/**
 * The one call's media, seen from the call controller. INVARIANTS:
 *  - media starts once per call, on `call.accepted` (both roles) or, should that be missed, on the first
 *    `rtc.offer` (callee); never while the call is only ringing, so no camera runs for a declined call; a
 *    LATER `call.accepted` (the cloud resumed the call) renegotiates instead (MediaEngine.renegotiate);
 *  - while an incoming call rings, or the kiosk's own night-watch call rings at the consoles (once `call.ringing`
 *    names it), the engine only PREPARES (MediaEngine.prepare: no camera, no microphone);
 *    `stop()` undoes that for a declined, missed or cancelled call;
 *  - signalling for the call is handed to the engine strictly after `start` has run and in arrival order
 *    (an offer before its trickled candidates), through one promise chain;
 *  - `rtc.config` (the cloud's STUN/TURN for this call) is kept until media starts; without one the engine
 *    uses its own defaults (an older cloud). The cloud sends a fresh one before every `call.accepted`
 *    (cloud/src/realtime/sender.ts) and in answer to the engine's `rtc.config.request`: once media has started,
 *    each one goes to the engine (MediaEngine.useIce) in the signalling chain, so every later rebuild or ICE
 *    restart uses the newest, not the call's first ones, expired in a long call. That covers the kiosk's OWN
 *    resume too, whose `call.accepted` renegotiates nothing (answered-call.ts) but whose `rtc.config` is fresh.
 * The current call id is the controller's (its one owner, issue 9): read through `callId()`, never copied here.
 */
export function createCallMedia(options: { media: MediaEngine; log: Logger; callId: () => string | null }) {
  const { media, log, callId } = options;
  let ice: IceConfig | null = null;
  let started: Promise<void> | null = null;

  return {
    get started() {
      return started !== null;
    },
    /** A new call (or none): forget the previous one's ICE servers. */
    reset() {
      ice = null;
      started = null;
    },
    /** The kiosk rings for the current call: let the engine get ready to answer it (no camera). */
    prepare() {
      const id = callId();
      if (id === null || started) return;
      void media
        .prepare(id)
        .catch((error: unknown) => log.warn({ err: error, callId: id }, 'prepare failed'));
    },
    config(message: RtcConfigMessage) {
      if (message.callId !== callId()) return;
      const fresh: IceConfig = {
        iceServers: message.iceServers,
        iceTransportPolicy: message.iceTransportPolicy,
      };
      ice = fresh;
      log.debug(
        { callId: message.callId, servers: fresh.iceServers.length, policy: fresh.iceTransportPolicy },
        'ICE servers',
      );
      if (started) started = started.then(() => media.useIce?.(fresh));
    },
    /**
     * The cloud refused the engine's `rtc.config.request` (`error` `rate_limited`): a restart waiting for fresh
     * servers goes on with the ones held. In the signalling chain, like every `rtc.config`.
     */
    iceRefused() {
      if (started) started = started.then(() => media.iceRefused?.());
    },
    start(session: Omit<MediaSession, 'ice'>, onError: (error: unknown) => void) {
      if (started || session.callId !== callId()) return;
      started = media.start({ ...session, ...(ice ? { ice } : {}) }).catch((error: unknown) => {
        onError(error);
      });
    },
    /**
     * The cloud resumed the call (`call.accepted` again): the other party is on a new connection. In the same
     * chain as signalling, so it runs after `start` and before what the other party sends next.
     */
    renegotiate() {
      if (!started) return false;
      const fresh = ice;
      started = started.then(() => (fresh ? media.renegotiate(fresh) : media.renegotiate()));
      return true;
    },
    signal(signal: RtcSignal) {
      if (signal.callId !== callId() || !started) return false;
      started = started.then(() => media.handleSignal(signal));
      return true;
    },
    async stop() {
      ice = null;
      const wasStarted = started;
      started = null;
      await wasStarted;
      await media.stop();
    },
  };
}

export type CallMedia = ReturnType<typeof createCallMedia>;
