import type { EndReason } from '@screenvisit/protocol';
import type { Logger } from '../kernel/logger.js';

/**
 * One call's life as a typed table (style.md item 5; issue 5 "Signalling and media" 1). The router fires
 * events; the table says which states each may leave from, and an end must carry a reason allowed from the
 * current state. Anything else is refused and logged, never thrown: a late timer or a replayed frame must not
 * break a socket handler, and it must not move a call that has ended.
 *
 *   ringing ──accept──▶ accepted ──negotiate (first offer)──▶ connecting ──establish (answer)──▶ in_call
 *                          │                                      │  ▲                             │
 *                          └──────────────drop (a party's link was lost)─────────▶ reconnecting ◀──┘
 *                                                                 └──resume (same person is back)──┘
 *   every state but ended ──end(reason)──▶ ended
 */
export const CALL_STATES = ['ringing', 'accepted', 'connecting', 'in_call', 'reconnecting', 'ended'] as const;
export type CallState = (typeof CALL_STATES)[number];

export type CallEvent =
  | { type: 'accept' }
  | { type: 'negotiate' }
  | { type: 'establish' }
  | { type: 'drop' }
  | { type: 'resume' }
  | { type: 'end'; reason: EndReason };
export type CallEventType = CallEvent['type'];

const LIVE: readonly CallState[] = ['ringing', 'accepted', 'connecting', 'in_call', 'reconnecting'];
const ANSWERED: readonly CallState[] = ['accepted', 'connecting', 'in_call'];

export const TRANSITIONS: {
  readonly [E in CallEventType]: { readonly from: readonly CallState[]; readonly to: CallState };
} = {
  accept: { from: ['ringing'], to: 'accepted' },
  negotiate: { from: ['accepted'], to: 'connecting' },
  establish: { from: ['connecting'], to: 'in_call' },
  drop: { from: ANSWERED, to: 'reconnecting' },
  resume: { from: ['reconnecting'], to: 'connecting' },
  end: { from: LIVE, to: 'ended' },
};

/** Which states each end reason may come from: nobody "declines" a call that is already in progress. */
export const END_REASONS_FROM: { readonly [R in EndReason]: readonly CallState[] } = {
  hung_up: LIVE,
  declined: ['ringing'],
  no_answer: ['ringing'],
  taken_by_another: ['ringing'],
  permission_revoked: LIVE,
  failed: LIVE,
};

export type TransitionResult = { ok: true; to: CallState } | { ok: false; why: string };

export function nextState(state: CallState, event: CallEvent): TransitionResult {
  const rule = TRANSITIONS[event.type];
  if (!rule.from.includes(state)) return { ok: false, why: `${event.type} is not allowed from ${state}` };
  if (event.type === 'end' && !END_REASONS_FROM[event.reason].includes(state))
    return { ok: false, why: `end(${event.reason}) is not allowed from ${state}` };
  return { ok: true, to: rule.to };
}

/** The one state setter: logs `old -> new` and refuses (logs, returns false) what the table forbids. */
export class CallMachine {
  #state: CallState;
  #endReason: EndReason | null = null;

  /**
   * `from`: a call handed over from another node (calls/handover.ts) continues in the state it had there;
   * every new call starts `ringing`.
   */
  constructor(
    readonly callId: string,
    private readonly log: Logger,
    from: Exclude<CallState, 'ended'> = 'ringing',
  ) {
    this.#state = from;
  }

  get state(): CallState {
    return this.#state;
  }
  get endReason(): EndReason | null {
    return this.#endReason;
  }
  get ended(): boolean {
    return this.#state === 'ended';
  }

  fire(event: CallEvent): boolean {
    const result = nextState(this.#state, event);
    if (!result.ok) {
      this.log.warn(
        { callId: this.callId, state: this.#state, event: event.type },
        `call transition refused: ${result.why}`,
      );
      return false;
    }
    this.log.info({ callId: this.callId, event: event.type }, `call ${this.#state} -> ${result.to}`);
    this.#state = result.to;
    if (event.type === 'end') this.#endReason = event.reason;
    return true;
  }
}
