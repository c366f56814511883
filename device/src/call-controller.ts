import type { ClientMessage, Clock, ClockTimer, DeviceStateName, ServerMessage } from '@screenvisit/protocol';
import type { CachedSettings } from './data-store.js';
import type { KioskScreen } from './kiosk-screen.js';
import type { Logger } from './logger.js';
import type { MediaEngine } from './media-engine.js';
import type { StateMachine } from './state-machine.js';

export interface CallControllerOptions {
  clock: Clock;
  log: Logger;
  machine: StateMachine;
  screen: KioskScreen;
  media: MediaEngine;
  /** Publish a ClientMessage on sig/up. */
  send(message: ClientMessage): void;
  settings(): CachedSettings;
  /** Screen-on time after a call or a wake-up press. */
  sleepAfterMs: number;
  /** An accepted call whose media is not up by then is hung up. */
  connectTimeoutMs: number;
}

const v = 1 as const;

/**
 * Calls on the kiosk: ringing, answering (button or countdown), hanging up, and the screen going back to
 * sleep. The caller's display name lives in the screen model only (memory), never in logs or on disk.
 */
export function createCallController(options: CallControllerOptions) {
  const { clock, machine, screen, media } = options;
  const log = options.log.child({ module: 'call' });
  let callId: string | null = null;
  const timers = new Map<'autoAnswer' | 'countdown' | 'connect' | 'sleep', ClockTimer>();

  function clearTimer(name: 'autoAnswer' | 'countdown' | 'connect' | 'sleep') {
    const timer = timers.get(name);
    if (timer !== undefined) clock.clearTimeout(timer);
    timers.delete(name);
  }
  const clearCallTimers = () => {
    for (const name of ['autoAnswer', 'countdown', 'connect'] as const) clearTimer(name);
  };

  function scheduleSleep() {
    clearTimer('sleep');
    timers.set(
      'sleep',
      clock.setTimeout(() => {
        timers.delete('sleep');
        if (machine.state === 'idle') machine.transition('sleep');
      }, options.sleepAfterMs),
    );
  }

  function startCountdown(afterMs: number) {
    const deadline = clock.now() + afterMs;
    const tick = () => {
      const left = Math.max(0, Math.ceil((deadline - clock.now()) / 1000));
      screen.update({ autoAnswerInSeconds: left });
      if (left > 0) timers.set('countdown', clock.setTimeout(tick, Math.min(1000, deadline - clock.now())));
    };
    tick();
    timers.set(
      'autoAnswer',
      clock.setTimeout(() => {
        timers.delete('autoAnswer');
        log.info({ callId }, 'answering automatically after the countdown');
        answer();
      }, afterMs),
    );
  }

  function incoming(message: Extract<ServerMessage, { type: 'call.incoming' }>) {
    if (callId !== null || !machine.can('incoming')) {
      // Busy (or not ready): decline this one so the caller is not left ringing into nothing.
      log.info({ callId: message.callId, state: machine.state }, 'declining a call while busy');
      options.send({ v, type: 'call.decline', callId: message.callId });
      return;
    }
    callId = message.callId;
    clearTimer('sleep');
    screen.update({ callerName: message.displayName, message: null, autoAnswerInSeconds: null });
    machine.transition('incoming');
    log.info({ callId, autoAnswer: message.autoAnswerAfterMs !== undefined }, 'incoming call');
    if (message.autoAnswerAfterMs !== undefined) startCountdown(message.autoAnswerAfterMs);
  }

  function answer() {
    if (callId === null || !machine.transition('answer')) return;
    const id = callId;
    clearCallTimers();
    screen.update({ autoAnswerInSeconds: null, message: media.available ? null : 'no_media' });
    options.send({ v, type: 'call.accept', callId: id });
    timers.set(
      'connect',
      clock.setTimeout(() => {
        timers.delete('connect');
        log.warn({ callId: id }, 'media did not come up in time: hanging up');
        hangUp();
      }, options.connectTimeoutMs),
    );
    media
      .start({
        callId: id,
        send: options.send,
        up: () => {
          if (callId !== id) return;
          clearTimer('connect');
          machine.transition('media_up');
        },
        failed: (reason) => {
          if (callId !== id) return;
          log.warn({ callId: id, reason }, 'media failed: hanging up');
          hangUp();
        },
      })
      .catch((error: unknown) => {
        log.error({ err: error, callId: id }, 'media engine failed to start: hanging up');
        hangUp();
      });
  }

  /** This side ends the call: decline while ringing, hang up once accepted. */
  function hangUp() {
    if (callId === null) return;
    const id = callId;
    const wasRinging = machine.state === 'ringing';
    if (!machine.transition('hangup')) return;
    options.send({ v, type: wasRinging ? 'call.decline' : 'call.hangup', callId: id });
    void finish();
  }

  function remoteEnd(id: string, why: string) {
    if (id !== callId) {
      log.debug({ callId: id }, 'end of a call that is not ours: ignored');
      return;
    }
    log.info({ callId: id, reason: why }, 'the call was ended by the cloud');
    if (machine.transition('remote_end')) void finish();
  }

  async function finish() {
    clearCallTimers();
    callId = null;
    screen.update({ callerName: null, autoAnswerInSeconds: null, message: null });
    await media.stop().catch((error: unknown) => log.warn({ err: error }, 'media engine stop failed'));
    if (machine.state === 'ending') machine.transition('ended');
  }

  return {
    get callId() {
      return callId;
    },
    handle(message: ServerMessage) {
      switch (message.type) {
        case 'call.incoming':
          return incoming(message);
        case 'call.ended':
          return remoteEnd(message.callId, message.reason);
        case 'call.taken':
          return remoteEnd(message.callId, 'taken_by_another');
        case 'rtc.offer':
        case 'rtc.answer':
        case 'rtc.ice':
          if (message.callId === callId) media.handleSignal(message);
          return;
        default:
          // welcome, pong, call.ringing/accepted/refused concern browsers and outgoing calls (not yet on kiosks).
          log.debug({ type: message.type }, 'signalling message without a kiosk action');
      }
    },
    pressAnswer() {
      switch (machine.state) {
        case 'asleep':
          machine.transition('wake');
          return;
        case 'idle':
          return scheduleSleep();
        case 'ringing':
          return answer();
        case 'connecting':
        case 'in_call':
          return hangUp();
        default:
          log.debug({ state: machine.state }, 'answer button ignored in this state');
      }
    },
    /** A long press declines a ringing call (and hangs up an accepted one). */
    longPressAnswer() {
      if (callId !== null) hangUp();
    },
    pressNightWatch() {
      if (callId !== null) {
        log.info({ state: machine.state }, 'night-watch button ignored during a call');
        return;
      }
      if (machine.state === 'asleep') machine.transition('wake');
      else if (machine.state === 'idle') scheduleSleep();
      if (!options.settings().nightWatch.enabled) {
        log.info('night-watch button pressed but night watch is not enabled for this device');
        screen.update({ message: 'night_watch_disabled' });
        return;
      }
      // Calling the night-watch pool needs the pool's id, which the device does not have: the protocol gets a
      // way to address "my night watch" with the calls task. Until then nothing is sent.
      log.warn('night-watch routing arrives with the calls task: nothing sent');
      screen.update({ message: 'night_watch_unavailable' });
    },
    /** Called by the agent after every state change. */
    onState(to: DeviceStateName) {
      if (to === 'idle') scheduleSleep();
      else clearTimer('sleep');
      if (to === 'asleep') screen.update({ message: null });
    },
    /** Drop any call without signalling (wipe, stop). */
    async abort() {
      for (const name of [...timers.keys()]) clearTimer(name);
      callId = null;
      screen.update({ callerName: null, autoAnswerInSeconds: null });
      await media.stop().catch(() => undefined);
    },
  };
}

export type CallController = ReturnType<typeof createCallController>;
