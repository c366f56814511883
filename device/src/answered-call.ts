import type { ClientMessage, Clock } from '@screenvisit/protocol';
import type { CallMedia } from './call-media.js';
import type { CallTimers } from './call-timers.js';
import type { KioskScreen } from './kiosk-screen.js';
import type { Logger } from './logger.js';
import type { StateMachine } from './state-machine.js';

/**
 * The media of an accepted call, seen from the call controller (call-controller.ts): started on `call.accepted`
 * (or a first offer), given `connectTimeoutMs` to come up, negotiated again when the cloud resumes the call, and
 * hung up when the engine gives up on it. The controller owns the call id, the role and hanging up; this part
 * only asks.
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
  hangUp(): void;
}) {
  const { log, machine, media, timers } = deps;
  /**
   * This kiosk's own link to the cloud came back since the last `call.accepted`: a repeated one is then (also)
   * its own resume, whose media never stopped (the other party's connection is the same one), so it is not
   * rebuilt; the caller's ICE restart or the engine's own failure path mends what the gap broke, as before.
   */
  let ownLinkReturned = false;

  return {
    connectDeadline(id: string) {
      timers.set('connect', deps.connectTimeoutMs, () => {
        log.warn({ callId: id }, 'media did not come up in time: hanging up');
        deps.hangUp();
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
            deps.hangUp();
          },
        },
        (error) => {
          log.error({ err: error, callId: id }, 'media engine failed to start: hanging up');
          if (deps.callId() === id) deps.hangUp();
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
      // the new page's offer on a fresh connection (MediaEngine.renegotiate). Ignoring it left the kiosk in a
      // call without sound or picture, with the night-watch button ignored meanwhile.
      log.info({ callId: id, role: deps.role() }, 'the call was resumed: negotiating media again');
      media.renegotiate();
      return true;
    },

    linkReturned() {
      ownLinkReturned = true;
    },
  };
}
