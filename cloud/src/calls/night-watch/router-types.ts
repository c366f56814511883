import type { Fallback, LocalisedText, PoolRouting } from '../../care/index.js';

/**
 * The night-watch router's vocabulary. It is transport-free: events in, effects out. The call router (WS/MQTT)
 * turns effects into call.incoming / call.taken / call.ended messages and feeds user actions back as events.
 */

// A pool's routing is one of its settings (care/night-watch/settings.ts); the router reads it.
export type { Fallback, PoolRouting };

export type TimerKind = 'member_ring' | 'answer_deadline' | 'queue_deadline';

export type RouterEvent =
  | { type: 'call_placed'; callId: string; citizenId: string }
  | { type: 'member_accepted'; callId: string; staffId: string }
  | { type: 'member_declined'; callId: string; staffId: string }
  /** Raised by the router's own timers (injected Clock); effects go to `onEffects`. */
  | { type: 'timer_fired'; callId: string; timer: TimerKind }
  | {
      type: 'member_on_duty';
      staffId: string;
      displayName: string;
      idleSince: number;
      /**
       * The call of this pool the member is in already: busy, not rung until it ends (`member_free`). A member
       * whose console was away longer than the reconnect grace (a slow reload mid-call) drops from the ring,
       * and comes back while the call is still theirs (its resume grace, calls/reconnect.ts).
       */
      busyWith?: string;
    }
  | { type: 'member_off_duty'; staffId: string }
  /**
   * A console of this member opened (a reload, a network blip over, a second tab): the calls ringing them ring
   * there too. Timers run on; nobody else is rung. Used by: pool-presence.ts `consoleOpened` (the call router's hello).
   */
  | { type: 'console_opened'; staffId: string }
  /** The member's call ended: free again, idle from now. */
  | { type: 'member_free'; staffId: string }
  | { type: 'caller_hung_up'; callId: string };

export type EscalationReason = 'nobody_on_duty' | 'no_answer' | 'queue_timeout';
export type MissedReason = EscalationReason | 'caller_hung_up';

export type RouterEffect =
  | {
      type: 'ring';
      callId: string;
      citizenId: string;
      staffIds: string[];
      /** Rung again because a console opened (console_opened): only consoles not ringing for it yet hear it. */
      newConsolesOnly?: true;
    }
  | { type: 'stop_ringing'; callId: string; staffIds: string[] }
  /** "Taken by <name>" on the consoles that were ringing for this call. */
  | { type: 'taken'; callId: string; staffIds: string[]; byDisplayName: string }
  | { type: 'connect'; callId: string; citizenId: string; staffId: string }
  | { type: 'accept_refused'; callId: string; staffId: string; reason: 'already_taken' | 'not_ringing' }
  | {
      type: 'escalate';
      callId: string;
      citizenId: string;
      reason: EscalationReason;
      to: Fallback;
      /** Shown to the citizen, in simple words. */
      message: LocalisedText;
    }
  | { type: 'queued'; callId: string; citizenId: string; position: number }
  /** The whole visible queue, FIFO, after every change (position 1 is next). */
  | { type: 'queue_changed'; queue: { callId: string; citizenId: string; position: number; since: number }[] }
  | {
      type: 'record_missed';
      callId: string;
      citizenId: string;
      reason: MissedReason;
      callback: { kind: 'citizen'; id: string };
    };

export type PoolCallState = 'ringing' | 'queued' | 'accepted' | 'escalated' | 'missed';

/**
 * Every allowed state change (style.md item 5). The router refuses any other (an InvalidTransition CareError),
 * so e.g. an accepted call can never be escalated by a late timer.
 */
export const ALLOWED_TRANSITIONS: Record<PoolCallState, readonly PoolCallState[]> = {
  ringing: ['queued', 'accepted', 'escalated', 'missed'],
  queued: ['ringing', 'escalated', 'missed'],
  accepted: [],
  escalated: [],
  missed: [],
};

/** One executor per event type: adding an event without handling it is a compile error. */
export type Executors = { [K in RouterEvent['type']]: (event: Extract<RouterEvent, { type: K }>) => void };

export const ESCALATION_TEXT: Record<Fallback['kind'], (f: Fallback) => LocalisedText> = {
  pool: () => ({
    da: 'Nattevagten har travlt lige nu. Vi stiller dig videre til en anden nattevagt.',
    en: 'The night watch is busy right now. We are putting you through to another night watch.',
  }),
  phone: (f) => {
    const number = f.kind === 'phone' ? f.number : '';
    return {
      da: `Nattevagten kan ikke tage opkaldet lige nu. Ring i stedet til ${number}.`,
      en: `The night watch cannot take your call right now. Please call ${number} instead.`,
    };
  },
  none: () => ({
    da: 'Nattevagten kan ikke tage opkaldet lige nu. De ringer dig op, så snart de kan.',
    en: 'The night watch cannot take your call right now. They will call you back as soon as they can.',
  }),
};
