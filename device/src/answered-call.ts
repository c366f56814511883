import type { ClientMessage, Clock } from '@screenvisit/protocol';
import type { CallMedia } from './call-media.js';
import type { CallTimers } from './call-timers.js';
import type { KioskScreen } from './kiosk-screen.js';
import type { Logger } from './logger.js';
import type { StateMachine } from './state-machine.js';

/**
 * How long the kiosk waits for the cloud's `call.ended` after hanging up with reason `failed` before it hangs up
 * again without a reason: an older cloud (its CallHangup strict, without `reason`) drops the first one, and the
 * call would stay open there with the other party in silence. The cloud answers within milliseconds.
 */
export const HANGUP_CONFIRM_MS = 5_000;

const v = 1 as const;

/**
 * The media of an accepted call, seen from the call controller (call-controller.ts): started on `call.accepted`
 * (or a first offer), given `connectTimeoutMs` to come up, negotiated again when the cloud resumes the call, and
 * ended as lost (`call.hangup` with reason `failed`, a calm line on the glass) when the engine gives up on media
 * that was up: no inbound media while ICE stayed up (media/no-media-watchdog.ts), ICE failed for good, a resume
 * that did not bring media back. The controller owns the call id, the role and hanging up; this part only asks.
 */
export function createAnsweredCall(deps: {
  clock: Clock;
  log: Logger;
  machine: StateMachine;
  screen: KioskScreen;
  media: CallMedia;
  timers: CallTimers;
  send(message: ClientMessage): void;
  connectTimeoutMs: number;
  callId(): string | null;
  role(): 'callee' | 'caller';
  /** `lost`: media had been up and is gone; hang up with reason `failed` (sendLost) and say so calmly. */
  hangUp(why: 'lost' | null): void;
}) {
  const { log, machine, media, timers } = deps;
  /**
   * This kiosk's own link to the cloud came back since the last `call.accepted`: a repeated one is then (also)
   * its own resume, whose media never stopped (the other party's connection is the same one), so it is not
   * rebuilt; the caller's ICE restart or the engine's own failure path mends what the gap broke, as before, with
   * the fresh `rtc.config` the cloud sent before this `call.accepted` (call-media.ts hands it to the engine:
   * MediaEngine.useIce), not the call's first TURN credentials, which may have expired by then.
   */
  let ownLinkReturned = false;
  /** A `call.hangup` with reason `failed` the cloud has not yet answered with `call.ended`. */
  let unconfirmed: string | null = null;

  return {
    connectDeadline(id: string) {
      timers.set('connect', deps.connectTimeoutMs, () => {
        log.warn({ callId: id }, 'media did not come up in time: hanging up');
        deps.hangUp(null);
      });
    },

    /** After `call.accepted` (or a first offer): open the engine for this call. */
    start(id: string) {
      media.start(
        {
          callId: id,
          role: deps.role(),
          send: deps.send,
          up: () => {
            if (deps.callId() !== id) return;
            timers.clear('connect');
            deps.screen.update({ callStartedAt: deps.clock.now() });
            machine.transition('media_up');
          },
          failed: (reason) => {
            if (deps.callId() !== id) return;
            log.warn({ callId: id, reason }, 'media failed: hanging up');
            // Media that had been up and is gone is a lost call (the cloud's `failed`), not her hanging up; media
            // that never came up is still ended as before.
            deps.hangUp(machine.state === 'in_call' ? 'lost' : null);
          },
        },
        (error) => {
          log.error({ err: error, callId: id }, 'media engine failed to start: hanging up');
          if (deps.callId() === id) deps.hangUp(null);
        },
      );
    },

    /**
     * A `call.accepted` for the current call: true when it is a resume of a call whose media already started,
     * handled here; false for the first one, which the controller handles.
     */
    resumed(id: string): boolean {
      const ownResume = ownLinkReturned;
      ownLinkReturned = false;
      if (!media.started || (machine.state !== 'connecting' && machine.state !== 'in_call')) return false;
      if (ownResume) {
        log.info(
          { callId: id, role: deps.role() },
          'the call was resumed after our own reconnect: media kept',
        );
        return true;
      }
      // Again: the cloud resumed the call (calls/reconnect.ts), the other party (a reloaded night-watch
      // console) is back on a new connection. As caller the kiosk offers afresh at once, as callee it answers
      // the new page's offer on a fresh connection (MediaEngine.renegotiate), with the fresh `rtc.config` the
      // cloud sent just before (call-media.ts). Ignoring it left the kiosk in a call without sound or picture,
      // with the night-watch button ignored meanwhile.
      log.info({ callId: id, role: deps.role() }, 'the call was resumed: negotiating media again');
      media.renegotiate();
      return true;
    },

    linkReturned() {
      ownLinkReturned = true;
    },

    /** `call.hangup` with reason `failed`, and the plain one after HANGUP_CONFIRM_MS should no `call.ended` come. */
    sendLost(id: string) {
      deps.send({ v, type: 'call.hangup', callId: id, reason: 'failed' });
      unconfirmed = id;
      timers.set('hangupConfirm', HANGUP_CONFIRM_MS, () => {
        if (unconfirmed !== id) return;
        unconfirmed = null;
        log.warn(
          { callId: id },
          'no call.ended for the hang-up with a reason (an older cloud?): hanging up plainly',
        );
        deps.send({ v, type: 'call.hangup', callId: id });
      });
    },

    /** The cloud's `call.ended` for a call this kiosk already finished. */
    ended(id: string) {
      if (unconfirmed !== id) return;
      unconfirmed = null;
      timers.clear('hangupConfirm');
    },
  };
}
