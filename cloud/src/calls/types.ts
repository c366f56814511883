import type { CallPlace, ClientMessage, ClockTimer, PartyRef, RtcIce, RtcOffer } from '@screenvisit/protocol';
import type { z } from 'zod';
import type { CallAttempt } from '../care/index.js';
import type { ConnectionOwner } from '../realtime/registry.js';
import type { CallMachine } from './call-machine.js';

/** Who takes part, as the permission service sees people: a kiosk acts for its citizen. */
export interface Party {
  readonly kind: 'staff' | 'citizen';
  readonly id: string;
}

/**
 * One live connection that can send and receive call messages: a browser WebSocket (id = its connectionId)
 * or a kiosk on MQTT (id = `device:<deviceId>`, stable across reconnects because the credential is).
 */
export interface Endpoint {
  readonly id: string;
  /** Who is connected (the registry's owner). */
  readonly owner: ConnectionOwner;
  /** Whom they act for. */
  readonly party: Party;
  /** WebSocket only: what `hello.resumeToken` must present to take this endpoint's place in a call. */
  readonly resumeToken?: string;
}

export const deviceEndpointId = (deviceId: string) => `device:${deviceId}`;

export type { CallSender } from '../realtime/sender.js';

export type CallMessage = Extract<
  ClientMessage,
  {
    type:
      | 'call.place'
      | 'call.accept'
      | 'call.decline'
      | 'call.hangup'
      | 'rtc.offer'
      | 'rtc.answer'
      | 'rtc.ice'
      | 'rtc.config.request';
  }
>;

/** A night-watch call: which pool's router holds it, under which night_watch_calls row id. */
export interface PoolLeg {
  poolUnitId: string;
  /** The night_watch_calls row (a new one per pool when a call falls back to another pool). */
  nwCallId: string;
  hops: number;
  /**
   * What the ring frame shows instead of the resident's name (issue 10 §1: a LOCKED console receives nothing
   * personal, and the ring cannot know which consoles are locked): the facility's name (ring-place.ts).
   */
  place: string;
  /** Accepts waiting for the router's verdict, by staff id. */
  readonly pendingAccept: Map<string, Endpoint>;
}

export interface LiveCall {
  readonly callId: string;
  readonly requestId: string;
  readonly municipalityId: string;
  readonly caller: Party;
  readonly callerDisplayName: string;
  /** As placed (`to`): what the call record and the caller's `call.ringing` name. */
  readonly target: PartyRef;
  /** Re-asked on the permission timer: a closed relation ends the call. */
  readonly attempt: CallAttempt;
  readonly slotId: string | null;
  /** A call to a team unit: every member's consoles ring; the others are told who took it. */
  readonly group: boolean;
  readonly machine: CallMachine;
  callerEndpoint: Endpoint;
  readonly ringing: Map<string, Endpoint>;
  /**
   * Endpoints told the call was taken by another (`call.ended` taken_by_another). Their accept, decline or red
   * button may already be on its way (pressed in the same second; on two nodes, through Redis): it is answered
   * with nothing more, not `unknown_call`, which a console would show as an error after "taken" (answer.ts).
   * Carried in the call's snapshot (handover.ts), written before the screens are told, so the node adopting the
   * call after a handover or a kill answers such a press alike (issue 14 §4).
   */
  readonly released: Set<string>;
  answerer: { endpoint: Endpoint; displayName: string | null } | null;
  /**
   * The one browser endpoint the caller's offer went to while the call rang (issue 15 §3), and whether it
   * answered. Only that endpoint's accept skips a second negotiation (relay.ts, answer.ts).
   */
  early: { endpointId: string; answered: boolean } | null;
  /**
   * The caller's early offer and its ICE candidates while NO browser page rang (the citizen's phone asleep,
   * woken by push): held for the page that says hello and rings late (relay.ts relayHeld), so it too is
   * negotiated before "Tag den". Only SDP and candidates, never media; gone when the call is answered or ends.
   */
  held: { offer: z.infer<typeof RtcOffer>; ice: z.infer<typeof RtcIce>[] } | null;
  pool: PoolLeg | null;
  autoAnswerAfterMs: number | null;
  readonly ringAt: number;
  answerAt: number | null;
  /** First time both sides had exchanged offer and answer (in_call): what counts as a connected call (issue 13). */
  connectedAt: number | null;
  timers: { ring?: ClockTimer; grace?: ClockTimer };
  /** Set once the caller was told `call.refused` (a night-watch escalation): the end is not repeated to them. */
  callerTold: boolean;
  /**
   * Continued here after its home node was gone (handover.ts). While such a call rings, its caller's link
   * dropping does not end it: that link was on the node that went, and the caller is on its way back.
   */
  handedOver?: true;
}

/**
 * What placing, answering and declining need from the night-watch pools (calls/night-watch/pool-calls.ts).
 * An interface here, so those steps and the pools do not import each other (issue 9: no import cycles).
 */
export interface PoolCalls {
  place(
    from: Endpoint,
    m: z.infer<typeof CallPlace>,
    caller: { municipalityId: string; displayName: string },
    attempt: CallAttempt,
    poolUnitId: string,
  ): Promise<void>;
  accept(call: LiveCall, from: Endpoint): Promise<void>;
  decline(call: LiveCall, from: Endpoint): void;
}
