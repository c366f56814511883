import { randomUUID } from 'node:crypto';
import type { DeviceStateName, ServerMessage } from '@screenvisit/protocol';
import { createAnsweredCall } from './answered-call.js';
import { createCallMedia } from './call-media.js';
import {
  type CallControllerOptions,
  FALLBACK_SHOWN_MS,
  NIGHT_WATCH_NAME,
  nightWatchPool,
  PLACE_ANSWER_TIMEOUT_MS,
} from './call-options.js';
import { createCallTimers } from './call-timers.js';
import { fallbackPhoneShown, notReachedScreen } from './fallback-phone.js';
import { quietPolicy } from './quiet-hours.js';

export { HANGUP_CONFIRM_MS } from './answered-call.js';
export {
  type CallControllerOptions,
  type CallTone,
  FALLBACK_SHOWN_MS,
  NIGHT_WATCH_NAME,
  PLACE_ANSWER_TIMEOUT_MS,
} from './call-options.js';

type Role = 'callee' | 'caller';
/** The cloud's end reasons for a ringing staff call that mean she missed it (protocol EndReason). */
const MISSED_REASONS: ReadonlySet<string> = new Set(['no_answer', 'hung_up']);

const v = 1 as const;

/**
 * Calls on the kiosk: ringing, answering (button, touch or countdown), the night-watch call, hanging up, and
 * the screen going back to sleep. The kiosk is the CALLEE of staff calls (the caller's browser sends
 * `rtc.offer`, the engine answers) and the CALLER of night-watch calls (it offers after `call.accepted`),
 * docs/protocol.md "Call flows". The caller's display name lives in the screen model only (memory).
 */
export function createCallController(options: CallControllerOptions) {
  const { clock, machine, screen } = options;
  const log = options.log.child({ module: 'call' });
  const newRequestId = options.newRequestId ?? randomUUID;
  /** The current call's id: owned here alone; call-media reads it, the engine gets it in its MediaSession. */
  let callId: string | null = null;
  const media = createCallMedia({ media: options.media, log, callId: () => callId });
  let role: Role = 'callee';
  /** Our night-watch `call.place` before its `call.ringing` names the call. */
  let placing: string | null = null;
  /**
   * Our call rings out: from the night-watch press until a console accepts, or the call ends. The ringback
   * sounds for exactly this span; an end inside it is "nobody was reached" unless the resident hung up herself.
   */
  let ringingOut = false;
  /** Placed calls given up before the cloud named them: hung up as soon as it does. */
  const abandoned = new Set<string>();

  function silenceRingback() {
    if (!ringingOut) return;
    ringingOut = false;
    options.tone(null);
  }

  /** Nobody was reached: the glass says so (with the fallback number if the cloud sent one), and so does the tone. */
  function notReached() {
    ringingOut = false;
    options.tone('not-reached');
  }

  const timers = createCallTimers(clock);
  const { clear: clearTimer, clearCall: clearCallTimers, set: setTimer } = timers;
  const answered = createAnsweredCall({
    clock,
    log,
    machine,
    screen,
    media,
    timers,
    send: options.send,
    connectTimeoutMs: options.connectTimeoutMs,
    callId: () => callId,
    role: () => role,
    hangUp: (why) => hangUp(why),
  });

  // "Vi kunne ikke få fat i nattevagten · Ring i stedet til 70 10 20 30" stays lit for FALLBACK_SHOWN_MS, not
  // the usual 15 s: going to sleep clears the number (onState), and a resident who pressed the night-watch
  // button at night lost it before finding a phone and dialling eight digits (borger.md: "Så står der et
  // telefonnummer med store tal. Ring til det nummer i stedet."). A press or a touch still wakes the screen.
  const scheduleSleep = () =>
    setTimer(
      'sleep',
      screen.snapshot().message?.code === 'night_watch_unreachable'
        ? Math.max(options.sleepAfterMs, FALLBACK_SHOWN_MS)
        : options.sleepAfterMs,
      () => {
        if (machine.state === 'idle') machine.transition('sleep');
      },
    );

  function startCountdown(afterMs: number) {
    const deadline = clock.now() + afterMs;
    const tick = () => {
      const left = Math.max(0, Math.ceil((deadline - clock.now()) / 1000));
      screen.update({ autoAnswerInSeconds: left });
      if (left > 0) setTimer('countdown', Math.min(1000, deadline - clock.now()), tick);
    };
    tick();
    setTimer('autoAnswer', afterMs, () => {
      log.info({ callId }, 'answering automatically after the countdown');
      answer();
    });
  }

  function begin(id: string | null, as: Role) {
    callId = id;
    role = as;
    media.reset();
    clearTimer('sleep');
  }

  function incoming(message: Extract<ServerMessage, { type: 'call.incoming' }>) {
    if (callId !== null || placing !== null || !machine.can('incoming')) {
      // Busy (or not ready): decline this one so the caller is not left ringing into nothing.
      log.info({ callId: message.callId, state: machine.state }, 'declining a call while busy');
      options.send({ v, type: 'call.decline', callId: message.callId });
      return;
    }
    begin(message.callId, 'callee');
    screen.update({ callerName: message.displayName, message: null, autoAnswerInSeconds: null });
    machine.transition('incoming');
    media.prepare(); // no camera or microphone: MediaEngine.prepare
    const quiet = quietPolicy(options.settings(), clock.now(), options.timeZone);
    log.info(
      { callId, autoAnswer: message.autoAnswerAfterMs !== undefined, quietHours: quiet.quiet },
      'incoming call',
    );
    if (message.autoAnswerAfterMs === undefined) return;
    // Quiet hours: the kiosk never opens its camera by itself at night (quiet-hours.ts), whatever the cloud sent.
    if (!quiet.autoAnswer) log.info({ callId }, 'quiet hours: not answering by itself, the citizen presses');
    else startCountdown(message.autoAnswerAfterMs);
  }

  function answer() {
    if (callId === null || !machine.transition('answer')) return;
    clearCallTimers();
    screen.update({
      autoAnswerInSeconds: null,
      message: options.media.available ? null : 'no_media',
      missedCall: null,
    });
    options.send({ v, type: 'call.accept', callId });
    answered.connectDeadline(callId);
  }

  function accepted(id: string) {
    if (id !== callId || answered.resumed(id) || machine.state !== 'connecting') return;
    if (role === 'caller') {
      // Answered: the ringback stops the moment a console accepts, before any picture or sound arrives.
      silenceRingback();
      screen.update({
        message: options.media.available ? null : 'no_media',
        callerName: NIGHT_WATCH_NAME,
      });
      answered.connectDeadline(id);
    }
    answered.start(id);
  }

  function placeNightWatch(poolId: string) {
    const requestId = newRequestId();
    begin(null, 'caller');
    placing = requestId;
    if (!machine.transition('place')) {
      placing = null;
      return;
    }
    screen.update({ message: 'calling_night_watch', callerName: null });
    log.info({ requestId, poolId }, 'calling the night watch');
    options.send({ v, type: 'call.place', requestId, to: { kind: 'pool', id: poolId } });
    // From the press, not from the cloud's call.ringing: she hears at once that the button did something.
    ringingOut = true;
    options.tone('ringback');
    // Given up on either timer, the resident is told that nobody was reached (never the clock alone, as if nothing
    // had happened): "Ringer til nattevagten …" stood for two minutes on a link that was dead, then went away.
    setTimer('placeAnswer', options.placeAnswerTimeoutMs ?? PLACE_ANSWER_TIMEOUT_MS, () => {
      log.warn({ requestId }, 'the cloud did not answer the night-watch call: giving up');
      hangUp('night_watch_unreachable');
    });
    setTimer('connect', options.placeTimeoutMs ?? 120_000, () => {
      log.warn({ requestId }, 'nobody took the night-watch call in time: hanging up');
      hangUp('night_watch_unreachable');
    });
  }

  /**
   * The night-watch button offline: the glass says at once that nobody was reached (with the config's number,
   * fallback-phone.ts). MQTT.js would queue the `call.place` and ring a night watch minutes later, long given up on.
   */
  function unreachableNow() {
    log.warn('night-watch button pressed while offline: nothing sent');
    screen.update(notReachedScreen(options.settings()));
    notReached();
    if (machine.state === 'asleep') machine.transition('wake');
    else if (machine.state === 'idle') scheduleSleep();
  }

  /** This side ends the call: decline while ringing, hang up once accepted or placed; `lost`: media went. */
  function hangUp(endWith: 'night_watch_unreachable' | 'lost' | null = null) {
    if (callId === null && placing === null) return;
    const wasRinging = machine.state === 'ringing';
    if (!machine.transition('hangup')) return;
    if (callId !== null && endWith === 'lost') answered.sendLost(callId);
    else if (callId !== null) options.send({ v, type: wasRinging ? 'call.decline' : 'call.hangup', callId });
    else if (placing !== null) abandoned.add(placing);
    // "Forbindelsen blev afbrudt": the resident knows the call is over and that nothing is wrong with her box.
    if (endWith !== 'lost') void finish(endWith);
    else void finish(role === 'caller' ? 'night_watch_call_lost' : 'call_lost');
  }

  function remoteEnd(id: string, why: string, fallbackPhone?: string) {
    if (id !== callId) {
      answered.ended(id);
      log.debug({ callId: id }, 'end of a call that is not ours: ignored');
      return;
    }
    log.info({ callId: id, reason: why }, 'the call was ended by the cloud');
    // A night-watch call ended with a fallback number: nobody on duty could take it (issue 10 contract). One the
    // cloud ended while it still rang out (any reason: failed, a revoked permission) reached nobody either: the
    // glass and the tone say so, rather than the clock coming back as if nothing had happened.
    const unreachable =
      role === 'caller' && (ringingOut || (fallbackPhone !== undefined && machine.state !== 'in_call'));
    // A staff call that rang out (no_answer) or that the caller gave up (hung_up) while it rang: she missed it.
    // Not one she declined herself (that is hangUp), nor one answered on her own phone (taken_by_another).
    const caller = screen.snapshot().callerName;
    const missed =
      role === 'callee' && machine.state === 'ringing' && MISSED_REASONS.has(why) ? caller : null;
    if (!machine.transition('remote_end')) return;
    void (unreachable ? finish('night_watch_unreachable', fallbackPhone) : finish());
    if (missed !== null) screen.update({ missedCall: { from: missed, at: clock.now() } });
  }

  async function finish(
    message: 'night_watch_unreachable' | 'call_lost' | 'night_watch_call_lost' | null = null,
    fallbackPhone: string | null = null,
  ) {
    clearCallTimers();
    callId = null;
    placing = null;
    if (message === 'night_watch_unreachable') notReached();
    else silenceRingback();
    screen.update({
      callerName: null,
      autoAnswerInSeconds: null,
      callStartedAt: null,
      message,
      fallbackPhone: fallbackPhoneShown(options.settings(), message, fallbackPhone),
    });
    await media.stop().catch((error: unknown) => log.warn({ err: error }, 'media engine stop failed'));
    if (machine.state === 'ending') machine.transition('ended');
  }

  function ringing(message: Extract<ServerMessage, { type: 'call.ringing' }>) {
    if (abandoned.delete(message.requestId)) {
      options.send({ v, type: 'call.hangup', callId: message.callId });
      return;
    }
    if (message.requestId !== placing) return;
    clearTimer('placeAnswer');
    callId = message.callId;
    media.reset();
    // While the night watch's consoles ring: as for an incoming call, no camera or microphone (MediaEngine.prepare).
    media.prepare();
    log.info({ callId }, 'the night watch is ringing');
  }

  function refused(message: Extract<ServerMessage, { type: 'call.refused' }>) {
    if (abandoned.delete(message.requestId) || message.requestId !== placing) return;
    log.info({ requestId: message.requestId, code: message.code }, 'the night-watch call was refused');
    if (!machine.transition('remote_end')) return;
    void finish('night_watch_unreachable', message.fallbackPhone ?? null);
    // Refused outside her hours: the screen also says when she may call again (screen/next-call.ts), where it
    // said only "not reached" and a number. Set after finish's screen update, which the next message clears.
    const at = message.nextAllowedAt === undefined ? Number.NaN : Date.parse(message.nextAllowedAt);
    if (Number.isNaN(at)) return;
    log.info({ nextAllowedAt: message.nextAllowedAt }, 'night watch refused outside the permitted hours');
    screen.update({ nextAllowedAt: at });
  }

  /** The answer button or a touch on the screen: wake, answer, or hang up, by state. */
  function primaryAction() {
    switch (machine.state) {
      case 'asleep':
        machine.transition('wake');
        return;
      case 'idle':
        // A press while a missed call is shown says "seen": the line goes, the screen stays on as usual.
        if (screen.snapshot().missedCall !== null) screen.update({ missedCall: null });
        return scheduleSleep();
      case 'ringing':
        return answer();
      case 'connecting':
      case 'in_call':
        return hangUp();
      default:
        log.debug({ state: machine.state }, 'answer ignored in this state');
    }
  }

  return {
    get callId() {
      return callId;
    },
    handle(message: ServerMessage) {
      switch (message.type) {
        case 'call.incoming':
          return incoming(message);
        case 'call.ringing':
          return ringing(message);
        case 'call.accepted':
          return accepted(message.callId);
        case 'call.refused':
          return refused(message);
        case 'call.ended':
          return remoteEnd(message.callId, message.reason, message.fallbackPhone);
        case 'call.taken':
          return remoteEnd(message.callId, 'taken_by_another');
        case 'rtc.config':
          return media.config(message);
        case 'error':
          // The only refusal a kiosk acts on: its rtc.config.request beyond the cloud's limit (docs/protocol.md).
          if (message.code === 'rate_limited' && callId !== null) return media.iceRefused();
          log.debug({ code: message.code }, 'error from the cloud');
          return;
        case 'rtc.offer':
        case 'rtc.answer':
        case 'rtc.ice':
          if (message.callId !== callId) return;
          // The offer normally follows call.accepted; should that have been missed, the offer starts media.
          if (message.type === 'rtc.offer' && role === 'callee' && machine.state === 'connecting')
            answered.start(message.callId);
          if (!media.signal(message)) log.debug({ type: message.type }, 'signalling before media: dropped');
          return;
        default:
          log.debug({ type: message.type }, 'signalling message without a kiosk action');
      }
    },
    pressAnswer: primaryAction,
    /** A touch on the kiosk screen does what the big button does. */
    touch: primaryAction,
    /** A long press declines a ringing call (and hangs up an accepted one). */
    longPressAnswer() {
      if (callId !== null || placing !== null) hangUp();
    },
    pressNightWatch() {
      if (callId !== null || placing !== null) {
        log.info({ state: machine.state }, 'night-watch button ignored during a call');
        return;
      }
      const settings = options.settings();
      const poolId = nightWatchPool(settings);
      if (poolId !== null) return options.online() ? placeNightWatch(poolId) : unreachableNow();
      if (machine.state === 'asleep') machine.transition('wake');
      else if (machine.state === 'idle') scheduleSleep();
      // Nobody is reached: the same "not reached" tone as a call that found nobody, for a resident who cannot read
      // that the button is not switched on here (its lamp is out, which she may not see either).
      if (!settings.nightWatch.enabled) {
        log.info('night-watch button pressed but night watch is not enabled for this device');
        screen.update({ message: 'night_watch_disabled' });
        notReached();
        return;
      }
      log.warn('night watch is enabled but the config names no pool: nothing sent');
      screen.update({ message: 'night_watch_unavailable' });
      notReached();
    },
    /** Called by the agent when its MQTT session is back after a drop (and at the first connect). */
    linkReturned: answered.linkReturned,
    /** Called by the agent after every state change. */
    onState(to: DeviceStateName) {
      if (to === 'idle') scheduleSleep();
      else clearTimer('sleep');
      if (to === 'asleep') screen.update({ message: null, fallbackPhone: null });
    },
    /** Drop any call without signalling (wipe, stop). */
    async abort() {
      timers.clearAll();
      callId = null;
      placing = null;
      silenceRingback();
      screen.update({ callerName: null, autoAnswerInSeconds: null, callStartedAt: null, missedCall: null });
      await media.stop().catch(() => undefined);
    },
  };
}

export type CallController = ReturnType<typeof createCallController>;
