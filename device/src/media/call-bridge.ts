import { type Clock, systemClock } from '@screenvisit/protocol';
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
import { MEDIA_LOST } from '../media-engine.js';
import { type CurrentCall as Current, currentCall } from './current-call.js';
import type { IceConfig } from './ice.js';
import { freshIce, ICE_REFRESH_WAIT_MS, setIce } from './ice-refresh.js';
import { NO_MEDIA_CHECK_MS, NO_MEDIA_MS, type NoMediaWatch, watchInboundMedia } from './no-media-watchdog.js';

export { ICE_REFRESH_WAIT_MS } from './ice-refresh.js';

/** A call that fails this often within one call is given up: the network is not coming back. */
const MAX_RESTARTS = 3;
/** A caller (the staff browser) re-offers as soon as it sees `failed` (cloud/web call-controller.ts). */
const RESTART_WAIT_MS = 20_000;
/**
 * After a resume the reloaded page is already there and answers at once; measured a few seconds to video
 * (e2e/kiosk-suite.ts). A fresh call that has not connected by then will not: the kiosk hangs up, so the
 * resident is not left in a call without sound or picture, with her night-watch button ignored.
 */
const RESUME_CONNECT_MS = 20_000;

/**
 * Drives the agent's one current call (MediaEngine.start / handleSignal / stop) over an engine's openCall.
 * Shared by both engines so the agent sees the same behaviour whichever was probed:
 *  - callee: rtc.offer in -> complete answer out as rtc.answer; caller: rtc.offer out first, rtc.answer in;
 *  - 'connected' reports session.up() once; a later 'disconnected' is left to ICE's own recovery
 *    (webrtc-pc §4.3.3);
 *  - 'failed' before media was ever up reports session.failed(). 'failed' MID-CALL is recovered within the
 *    same call, so the citizen does nothing (issue 11 §5): as caller (night watch) the kiosk re-offers with
 *    an ICE restart (MediaCall.restartIce); as callee it waits RESTART_WAIT_MS for the caller's ICE-restart
 *    offer and answers it on the same connection. A call that cannot renegotiate (webrtcbin 1.22,
 *    MediaCall.renegotiates false) is REBUILT instead: closed, and a new one opened for the same call id, which
 *    answers the restart offer (callee) or makes a fresh offer sent as the iceRestart (caller). It has its own
 *    DTLS certificate, so the peer starts a new DTLS association on the same RTCPeerConnection. After
 *    MAX_RESTARTS or no offer in time, session.failed() and the agent hangs up;
 *  - every rebuild and every ICE restart (either role, either engine) gathers with the NEWEST STUN/TURN the
 *    kiosk holds (useIce, renegotiate), asking the cloud for fresh ones first when their TURN credentials have
 *    expired (#freshIce): coturn refuses the new allocations of a restart with expired ones.
 */
export class CallBridge {
  readonly #open: (options: CallMediaOptions) => Promise<MediaCall>;
  readonly #log: Logger;
  readonly #defaults: IceConfig;
  readonly #videoCodec: VideoCodec | undefined;
  readonly #clock: Clock;
  readonly #restartWaitMs: number;
  readonly #resumeConnectMs: number;
  readonly #noMediaMs: number;
  readonly #iceWaitMs: number;
  #current: Current | null = null;

  constructor(options: {
    open: (options: CallMediaOptions) => Promise<MediaCall>;
    log: Logger;
    ice: IceConfig;
    videoCodec?: VideoCodec;
    clock?: Clock;
    restartWaitMs?: number;
    resumeConnectMs?: number;
    /** NO_MEDIA_MS unless a test says otherwise. */
    noMediaMs?: number;
    iceWaitMs?: number;
  }) {
    this.#open = options.open;
    this.#log = options.log.child({ module: 'media' });
    this.#defaults = options.ice;
    this.#videoCodec = options.videoCodec;
    this.#clock = options.clock ?? systemClock;
    this.#restartWaitMs = options.restartWaitMs ?? RESTART_WAIT_MS;
    this.#resumeConnectMs = options.resumeConnectMs ?? RESUME_CONNECT_MS;
    this.#noMediaMs = options.noMediaMs ?? NO_MEDIA_MS;
    this.#iceWaitMs = options.iceWaitMs ?? ICE_REFRESH_WAIT_MS;
  }

  async start(session: MediaSession): Promise<void> {
    await this.stop();
    const current = currentCall(session, session.ice ?? this.#defaults);
    this.#current = current;
    const opened = this.#openFor(current);
    current.queue = opened.then(noop, noop);
    await opened;
    if (session.role === 'caller')
      this.#enqueue(current, async (c) => {
        const sdp = await c.createOffer();
        current.negotiated = true;
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
          // A second offer is the caller's ICE restart (or another renegotiation) on the same connection.
          if (current.negotiated && !current.freshAnswer) this.#clearRestartWait(current);
          const rebuild = current.negotiated && (!call.renegotiates || current.freshAnswer);
          current.freshAnswer = false;
          // An ICE restart on the same connection gathers anew: with the newest servers (#regather).
          if (current.negotiated && !rebuild) await this.#regather(current, call);
          const answering = rebuild ? await this.#rebuild(current, call) : call;
          const sdp = await answering.answer(signal.sdp);
          current.negotiated = true;
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

  /**
   * The other party is back on a NEW connection (MediaEngine.renegotiate: the cloud resumed the call after, say,
   * a reload of the night-watch console). As caller, a fresh call for the same call id and a new complete offer,
   * as #failed does for a call that cannot renegotiate: the reloaded page's RTCPeerConnection knows nothing of
   * the old ICE credentials or DTLS association, and waiting for ICE to fail on the old one took ~17 s with
   * wrtc and never ended on webrtcbin (the kiosk sat in a call without sound or picture). Not counted against
   * MAX_RESTARTS: that bounds a failing network, not a person reloading a page. As callee (a console that
   * called the resident back, reloaded): the caller offers again from its new page, and that offer is answered
   * on a fresh call too. Either way the call hangs up if media is not back within RESUME_CONNECT_MS.
   */
  renegotiate(ice?: IceConfig): void {
    const current = this.#current;
    if (!current) return;
    const { session } = current;
    if (ice) this.#setIce(current, ice);
    this.#clearRestartWait(current);
    this.#log.info(
      { callId: session.callId, role: session.role },
      'the other party is back: negotiating afresh',
    );
    current.restartWait = this.#clock.setTimeout(() => {
      current.restartWait = null;
      if (this.#current !== current) return;
      this.#log.warn({ callId: session.callId }, 'media did not come back after the resume');
      session.failed('resume_failed');
    }, this.#resumeConnectMs);
    if (session.role !== 'caller') {
      current.freshAnswer = true;
      return;
    }
    this.#enqueue(current, async (call) => {
      const sdp = await (await this.#rebuild(current, call)).createOffer();
      current.negotiated = true;
      session.send({ v: 1, type: 'rtc.offer', callId: session.callId, sdp, iceRestart: true });
    });
  }

  /**
   * A later `rtc.config` for the current call (MediaEngine.useIce): kept for its next rebuild or ICE restart,
   * and handed to a restart that waits for it (#freshIce).
   */
  useIce(ice: IceConfig): void {
    const current = this.#current;
    if (current) this.#setIce(current, ice);
  }

  /**
   * The cloud refused the kiosk's `rtc.config.request` (`error` `rate_limited`, MediaEngine.iceRefused): a rebuild
   * or restart waiting for fresh servers goes on at once with the ones it holds, as after ICE_REFRESH_WAIT_MS
   * without an answer, instead of waiting for an answer that will not come.
   */
  iceRefused(): void {
    const current = this.#current;
    if (!current || current.iceWaiters.length === 0) return;
    this.#log.warn(
      { callId: current.session.callId },
      'the cloud refused fresh ICE servers (asked too often): restarting with the ones held',
    );
    for (const wake of current.iceWaiters.splice(0)) wake();
  }

  async stats(): Promise<MediaStats | null> {
    const call = await this.#current?.call.catch(() => null);
    return call ? call.stats() : null;
  }

  async stop(): Promise<void> {
    const current = this.#current;
    this.#current = null;
    if (!current) return;
    this.#clearRestartWait(current);
    for (const wake of current.iceWaiters.splice(0)) wake();
    current.watch?.stop();
    const call = await current.call.catch(() => null);
    await call?.close();
  }

  /** Opens the engine's call for `current` and listens to it; the listener ignores a call no longer current. */
  #openFor(current: Current): Promise<MediaCall> {
    current.callIce = current.ice;
    const call = this.#open({
      callId: current.session.callId,
      ...current.ice,
      ...(this.#videoCodec ? { videoCodec: this.#videoCodec } : {}),
    });
    current.call = call;
    return call.then((opened) => {
      opened.onState((state) => {
        if (current.call === call) this.#onState(current, state, opened);
      });
      return opened;
    });
  }

  /**
   * A new call in place of `old` for the same call id: the old one is closed first (it releases the camera the
   * new pipeline opens). Its state events no longer count (#openFor compares current.call).
   */
  async #rebuild(current: Current, old: MediaCall): Promise<MediaCall> {
    await this.#freshIce(current);
    if (this.#current !== current) throw new Error('the call ended during the restart');
    this.#log.info({ callId: current.session.callId }, 'rebuilding the media pipeline for a restart');
    await old.close();
    if (this.#current !== current) throw new Error('the call ended during the restart');
    return this.#openFor(current);
  }

  /** The same connection gathers again (an ICE restart, or answering one): with the newest servers. */
  async #regather(current: Current, call: MediaCall): Promise<void> {
    const ice = await this.#freshIce(current);
    if (this.#current !== current) throw new Error('the call ended during the restart');
    if (current.callIce === ice) return;
    call.useIce(ice);
    current.callIce = ice;
  }

  /** The servers a rebuild or ICE restart of `current` uses (ice-refresh.ts freshIce). */
  #freshIce(current: Current): Promise<IceConfig> {
    return freshIce(current, { clock: this.#clock, log: this.#log, waitMs: this.#iceWaitMs });
  }

  #setIce(current: Current, ice: IceConfig) {
    setIce(current, ice);
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

  #onState(current: Current, state: MediaConnectionState, call: MediaCall) {
    if (this.#current !== current) return;
    if (state === 'connected') {
      this.#clearRestartWait(current);
      if (current.up)
        this.#log.info({ callId: current.session.callId }, 'media is back after an ICE restart');
      else {
        current.up = true;
        current.watch = this.#watch(current);
        current.session.up();
      }
    } else if (state === 'failed') this.#failed(current, call);
  }

  #failed(current: Current, call: MediaCall) {
    const { session } = current;
    if (call.failure?.reason === 'peer_unverified') {
      // Someone else answered the DTLS handshake: a restart would meet the same path (RFC 8122 §5).
      session.failed('peer_unverified');
      return;
    }
    if (!current.up || current.restarts >= MAX_RESTARTS) {
      session.failed('ice_failed');
      return;
    }
    current.restarts += 1;
    this.#log.warn(
      { callId: session.callId, attempt: current.restarts },
      'media failed mid-call: restarting ICE',
    );
    if (session.role === 'caller') {
      this.#enqueue(current, async (call) => {
        if (call.renegotiates) await this.#regather(current, call);
        const sdp = call.renegotiates
          ? await call.restartIce()
          : await (await this.#rebuild(current, call)).createOffer();
        session.send({ v: 1, type: 'rtc.offer', callId: session.callId, sdp, iceRestart: true });
      });
      return;
    }
    // The callee does not offer (the staff browser would ignore it, and both offering is glare, RFC 8829 §4.1.8.1):
    // the caller restarts; give it time to.
    this.#clearRestartWait(current);
    current.restartWait = this.#clock.setTimeout(() => {
      current.restartWait = null;
      if (this.#current !== current) return;
      this.#log.warn({ callId: session.callId }, 'the caller did not restart ICE in time');
      session.failed('ice_failed');
    }, this.#restartWaitMs);
  }

  #watch(current: Current): NoMediaWatch {
    return watchInboundMedia({
      clock: this.#clock,
      afterMs: this.#noMediaMs,
      everyMs: NO_MEDIA_CHECK_MS,
      call: async () => (this.#current === current ? current.call.catch(() => null) : null),
      recovering: () => current.restartWait !== null,
      lost: () => {
        if (this.#current !== current) return;
        this.#log.warn(
          { callId: current.session.callId, afterMs: this.#noMediaMs },
          'no media from the other party: hanging up',
        );
        current.session.failed(MEDIA_LOST);
      },
    });
  }

  #clearRestartWait(current: Current) {
    if (current.restartWait !== null) this.#clock.clearTimeout(current.restartWait);
    current.restartWait = null;
  }
}

const noop = () => undefined;
