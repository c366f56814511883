import type { ConsoleMessage } from './console-messages.js';

/**
 * The console's calls as one reducer: the ringing queue (several residents may call at once), the one call
 * this console is in, and a call-back being placed. Pure, so the rules are unit-tested without a browser.
 *
 * Rules (cloud/src/calls flows): `call.accepted` reaches only the winner and the caller, so receiving it for a
 * ringing call means THIS console won. The losers get `call.taken { byDisplayName }`, then `call.ended
 * taken_by_another`; a taken call stays on screen ("taken by …") until `expire` removes it.
 */
export interface RingingCall {
  readonly callId: string;
  readonly citizenId: string;
  /**
   * The resident's name: '' until the unlocked console has read it over HTTP (`caller` action). The ring frame
   * of a night-watch call names only the place, because it also reaches locked consoles (issue 10 §1).
   */
  readonly name: string;
  /** Where the call comes from (the facility): the ring frame's `displayName`. */
  readonly place: string;
  readonly state: 'ringing' | 'accepting' | 'taken';
  readonly takenBy?: string;
}

export interface ActiveCall {
  readonly callId: string;
  readonly name: string;
  /** Whose call: a call answered straight from the lock screen gets its name once it is read. */
  readonly citizenId?: string;
  /** Set when this call is a call-back of a missed call. */
  readonly missedCallId?: string;
}

export interface CallBack {
  readonly requestId: string;
  readonly missedCallId: string;
  readonly citizenId: string;
  readonly name: string;
  readonly callId?: string;
}

export type CallNotice =
  | { kind: 'ended'; name: string }
  /** The call ended because a side lost its media (`reason: failed`, the kiosk's watchdog): she did not hang up. */
  | { kind: 'lost'; name: string }
  | { kind: 'refused'; message: string }
  | { kind: 'missed'; name: string }
  /** This person went off duty while the call rang here: it rings on elsewhere, it was not missed. */
  | { kind: 'passedOn'; name: string };

export interface CallsState {
  readonly queue: readonly RingingCall[];
  readonly active: ActiveCall | null;
  readonly callBack: CallBack | null;
  readonly notice: CallNotice | null;
  /**
   * The calls that rang here when this person pressed "Gå af vagt". The server stops their ring with
   * `no_answer`, the same word as a ring that ran out, and that frame may come before or after the answer to
   * the press; a call in this list is then passed on, not missed (nightwalk walk: the console said "ingen nåede
   * at tage det … under Mistede opkald" while the call still rang at a colleague).
   */
  readonly leaving: readonly string[];
}

export const initialCalls: CallsState = {
  queue: [],
  active: null,
  callBack: null,
  notice: null,
  leaving: [],
};

export type CallsAction =
  | { type: 'server'; message: ConsoleMessage }
  | { type: 'accepting'; callId: string }
  | { type: 'callBack'; requestId: string; missedCallId: string; citizenId: string; name: string }
  | { type: 'caller'; citizenId: string; name: string }
  | { type: 'expire'; callId: string }
  | { type: 'dismiss' }
  /**
   * The console was reloaded in the middle of a call: the call session brought it back from sessionStorage
   * (shared/call/call-resume.ts) and the cloud gives it back to this console. The queue lost it with the page.
   */
  | { type: 'resumed'; callId: string; name: string }
  /**
   * The call session ended the call on its own: a resumed call the cloud did not confirm (it ended while the
   * page reloaded, so no `call.ended` ever reaches this page), or this console's own hang-up.
   */
  /** `reason`: the call's end reason as the session heard it (`failed`: a side lost its media). */
  | { type: 'sessionEnded'; callId: string; reason?: string }
  /** The person is going off duty (before the request); `stayed`: the request failed, they are still on. */
  | { type: 'leaving' }
  | { type: 'stayed' };

/** The name once known, the place until then. */
export const shownName = (c: RingingCall) => c.name || c.place;

const without = (queue: readonly RingingCall[], callId: string) => queue.filter((c) => c.callId !== callId);

function onServer(state: CallsState, m: ConsoleMessage): CallsState {
  switch (m.type) {
    case 'call.incoming': {
      if (m.from.kind !== 'citizen' || state.queue.some((c) => c.callId === m.callId)) return state;
      const entry: RingingCall = {
        callId: m.callId,
        citizenId: m.from.id,
        name: '',
        place: m.displayName,
        state: 'ringing',
      };
      return { ...state, queue: [...state.queue, entry] };
    }
    case 'call.ringing':
      return state.callBack?.requestId === m.requestId
        ? { ...state, callBack: { ...state.callBack, callId: m.callId } }
        : state;
    case 'call.accepted': {
      const ringing = state.queue.find((c) => c.callId === m.callId);
      if (ringing)
        return {
          ...state,
          queue: without(state.queue, m.callId),
          active: { callId: m.callId, name: shownName(ringing), citizenId: ringing.citizenId },
        };
      const back = state.callBack;
      if (back?.callId === m.callId)
        return {
          ...state,
          callBack: null,
          active: { callId: m.callId, name: back.name, missedCallId: back.missedCallId },
        };
      return state;
    }
    case 'call.taken':
      return {
        ...state,
        queue: state.queue.map((c) =>
          c.callId === m.callId ? { ...c, state: 'taken' as const, takenBy: m.byDisplayName } : c,
        ),
      };
    case 'call.ended': {
      if (state.active?.callId === m.callId)
        return {
          ...state,
          active: null,
          notice: { kind: m.reason === 'failed' ? 'lost' : 'ended', name: state.active.name },
        };
      if (state.callBack?.callId === m.callId)
        return { ...state, callBack: null, notice: { kind: 'ended', name: state.callBack.name } };
      const ringing = state.queue.find((c) => c.callId === m.callId);
      if (!ringing || ringing.state === 'taken') return state;
      if (m.reason === 'taken_by_another')
        return {
          ...state,
          queue: state.queue.map((c) => (c.callId === m.callId ? { ...c, state: 'taken' as const } : c)),
        };
      if (state.leaving.includes(m.callId))
        return {
          ...state,
          queue: without(state.queue, m.callId),
          leaving: state.leaving.filter((id) => id !== m.callId),
          notice: { kind: 'passedOn', name: shownName(ringing) },
        };
      return {
        ...state,
        queue: without(state.queue, m.callId),
        notice: m.reason === 'no_answer' ? { kind: 'missed', name: shownName(ringing) } : state.notice,
      };
    }
    case 'call.refused':
      return state.callBack?.requestId === m.requestId
        ? { ...state, callBack: null, notice: { kind: 'refused', message: m.message } }
        : state;
    default:
      return state;
  }
}

export function callsReducer(state: CallsState, action: CallsAction): CallsState {
  switch (action.type) {
    case 'server':
      return onServer(state, action.message);
    case 'accepting':
      return {
        ...state,
        queue: state.queue.map((c) =>
          c.callId === action.callId && c.state === 'ringing' ? { ...c, state: 'accepting' as const } : c,
        ),
      };
    case 'callBack': {
      const { type: _type, ...back } = action;
      return { ...state, callBack: back, notice: null };
    }
    case 'caller':
      return {
        ...state,
        queue: state.queue.map((c) => (c.citizenId === action.citizenId ? { ...c, name: action.name } : c)),
        active:
          state.active && state.active.citizenId === action.citizenId
            ? { ...state.active, name: action.name }
            : state.active,
      };
    case 'expire':
      return {
        ...state,
        queue: state.queue.filter((c) => c.callId !== action.callId || c.state !== 'taken'),
      };
    case 'resumed':
      return state.active ? state : { ...state, active: { callId: action.callId, name: action.name } };
    case 'sessionEnded':
      return state.active?.callId === action.callId
        ? {
            ...state,
            active: null,
            notice: { kind: action.reason === 'failed' ? 'lost' : 'ended', name: state.active.name },
          }
        : state;
    case 'dismiss':
      return { ...state, notice: null };
    case 'leaving':
      return { ...state, leaving: state.queue.filter((c) => c.state === 'ringing').map((c) => c.callId) };
    case 'stayed':
      return { ...state, leaving: [] };
  }
}
