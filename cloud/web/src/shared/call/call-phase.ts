import type { VideoLevel } from './bandwidth.js';
import type { MediaState } from './media-state.js';
import type { EndReason, PartyRef, RefusalCode } from './messages.js';
import type { Quality } from './quality.js';
import type { LinkState } from './signalling.js';

/**
 * What a person's screen shows about calls, as one typed state with an explicit transition table
 * (style.md item 5). The cloud's router is the authority; this only follows its messages, and keeps at most
 * one CallController. Used by the staff console, the citizen client and (via the same API) the night watch.
 */
export type CallPhase =
  | { readonly kind: 'idle' }
  | { readonly kind: 'placing'; readonly requestId: string; readonly name: string }
  | { readonly kind: 'outgoing'; readonly callId: string; readonly name: string }
  | {
      readonly kind: 'incoming';
      readonly callId: string;
      readonly from: PartyRef;
      readonly name: string;
      readonly autoAnswerAfterMs?: number;
      /** What the caller dialled, when the cloud says (to staff pages only): the person, the team, a pool. */
      readonly dialled?: 'person' | 'team' | 'night_watch';
    }
  | { readonly kind: 'active'; readonly callId: string; readonly name: string }
  | {
      readonly kind: 'ended';
      readonly reason: EndReason;
      readonly name: string;
      readonly takenBy?: string;
      /** This side was rung and the ring ran out: "you missed it", not the caller's "nobody answered". */
      readonly missed?: true;
    }
  | {
      readonly kind: 'refused';
      readonly code: RefusalCode;
      readonly message: string;
      readonly name: string;
      /** The night watch's fallback number (issue 10 §4), shown in large text. */
      readonly fallbackPhone?: string;
      /** outside_time_window: when she can call again (an instant; next-call.ts says it in Copenhagen time). */
      readonly nextAllowedAt?: string;
    };

export type PhaseKind = CallPhase['kind'];

/** Which phase may follow which; anything else is a bug and is ignored (and logged). */
export const PHASE_TRANSITIONS: { readonly [K in PhaseKind]: readonly PhaseKind[] } = {
  idle: ['placing', 'incoming'],
  placing: ['outgoing', 'refused', 'ended'],
  outgoing: ['active', 'ended', 'refused'],
  incoming: ['active', 'ended', 'incoming'],
  active: ['ended'],
  ended: ['idle', 'placing', 'incoming'],
  refused: ['idle', 'placing', 'incoming'],
};

export interface CallSnapshot {
  readonly phase: CallPhase;
  readonly link: LinkState;
  readonly media: MediaState | null;
  readonly quality: Quality;
  readonly local: MediaStream | null;
  readonly remote: MediaStream | null;
  readonly muted: boolean;
  readonly cameraOff: boolean;
  readonly mediaError: boolean;
  /** Too little bandwidth for video, ours or theirs: the screen says the call goes on as sound only. */
  readonly audioOnly: boolean;
  /** The video level this side sends (bandwidth.ts); shown to nobody, kept for tests and diagnostics. */
  readonly videoLevel: VideoLevel;
}

/** A new call's media part of the snapshot: nothing measured, nothing muted. */
export const FRESH_MEDIA = {
  media: 'preparing',
  quality: 'unknown',
  muted: false,
  cameraOff: false,
  mediaError: false,
  audioOnly: false,
  videoLevel: 'high',
} as const satisfies Partial<CallSnapshot>;
