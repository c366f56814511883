import * as z from 'zod/mini';

/**
 * The browser's copy of the signalling contract (protocol/src/signalling.ts, SIGNALLING_VERSION 1). The bundle
 * must not import @screenvisit/protocol (it pulls full zod into a citizen's phone); zod/mini keeps the same
 * checks at a fraction of the size. Incoming frames are validated here; a frame we cannot read is dropped.
 */
/** protocol/src/signalling.ts: the night watch's fallback number (issue 10 §4). */
const FallbackPhone = z.string().check(z.minLength(1), z.maxLength(32));

export const SIGNALLING_VERSION = 1;

/**
 * protocol/src/signalling.ts SignallingSurface: what a page declares its socket is, as `?surface=` on /ws. Only
 * the night-watch console declares one; the cloud rings only its sockets for a pool's call.
 */
export const SIGNALLING_SURFACES = ['nightwatch'] as const;
export type SignallingSurface = (typeof SIGNALLING_SURFACES)[number];

export const END_REASONS = [
  'hung_up',
  'declined',
  'no_answer',
  'taken_by_another',
  'permission_revoked',
  'failed',
] as const;
export type EndReason = (typeof END_REASONS)[number];

export const REFUSAL_CODES = [
  'not_permitted',
  'outside_time_window',
  'callee_offline',
  'callee_busy',
  'nobody_on_duty',
  'rate_limited',
  'invalid_message',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export type PartyKind = 'staff' | 'citizen' | 'device' | 'pool';
export interface PartyRef {
  readonly kind: PartyKind;
  readonly id: string;
}
export interface IceCandidateInit {
  readonly candidate: string;
  readonly sdpMid?: string | null;
  readonly sdpMLineIndex?: number | null;
}

const v = z.literal(SIGNALLING_VERSION);
const Id = z.string().check(z.minLength(1), z.maxLength(64));
const Party = z.object({ kind: z.enum(['staff', 'citizen', 'device', 'pool']), id: Id });
const Sdp = z.string().check(z.minLength(1), z.maxLength(32_000));
const Candidate = z.nullable(
  z.object({
    candidate: z.string().check(z.maxLength(1_000)),
    sdpMid: z.optional(z.nullable(z.string().check(z.maxLength(64)))),
    sdpMLineIndex: z.optional(z.nullable(z.number())),
  }),
);
const Name = z.string().check(z.minLength(1), z.maxLength(80));

const ServerMessageSchema = z.discriminatedUnion('type', [
  z.object({
    v,
    type: z.literal('welcome'),
    connectionId: Id,
    resumeToken: z.string().check(z.maxLength(128)),
    heartbeatMs: z.number(),
  }),
  z.object({ v, type: z.literal('pong'), nonce: z.number() }),
  z.object({ v, type: z.literal('call.ringing'), requestId: Id, callId: Id, to: Party }),
  z.object({
    v,
    type: z.literal('call.incoming'),
    callId: Id,
    from: Party,
    displayName: Name,
    autoAnswerAfterMs: z.optional(z.number().check(z.minimum(0), z.maximum(60_000))),
    /** protocol/src/signalling.ts: to staff pages only, what the caller dialled (the person, the team, a pool). */
    dialled: z.optional(z.enum(['person', 'team', 'night_watch'])),
  }),
  z.object({
    v,
    type: z.literal('call.accepted'),
    callId: Id,
    by: Party,
    negotiated: z.optional(z.literal(true)),
  }),
  z.object({ v, type: z.literal('call.taken'), callId: Id, byDisplayName: z.optional(Name) }),
  z.object({
    v,
    type: z.literal('call.ended'),
    callId: Id,
    reason: z.enum(END_REASONS),
    fallbackPhone: z.optional(FallbackPhone),
  }),
  z.object({
    v,
    type: z.literal('call.refused'),
    requestId: Id,
    code: z.enum(REFUSAL_CODES),
    message: z.string().check(z.maxLength(300)),
    fallbackPhone: z.optional(FallbackPhone),
    /** protocol/src/signalling.ts: outside_time_window only, when the caller's next window opens. */
    nextAllowedAt: z.optional(z.iso.datetime({ offset: true })),
  }),
  z.object({ v, type: z.literal('rtc.offer'), callId: Id, sdp: Sdp, iceRestart: z.optional(z.boolean()) }),
  z.object({ v, type: z.literal('rtc.answer'), callId: Id, sdp: Sdp }),
  z.object({ v, type: z.literal('rtc.ice'), callId: Id, candidate: Candidate }),
  z.object({
    v,
    type: z.literal('error'),
    code: z.string().check(z.maxLength(64)),
    message: z.string().check(z.maxLength(300)),
  }),
]);

export type ServerMessage = z.infer<typeof ServerMessageSchema>;
export type ServerMessageType = ServerMessage['type'];
export type ServerMessageOf<T extends ServerMessageType> = Extract<ServerMessage, { type: T }>;

/** Client → server frames, typed as protocol's ClientMessage (without `v`, which send() adds). */
export type ClientMessage =
  | { type: 'hello'; resumeToken?: string }
  | { type: 'ping'; nonce: number }
  | { type: 'call.place'; requestId: string; to: PartyRef; slotId?: string }
  | { type: 'call.accept'; callId: string }
  | { type: 'call.decline'; callId: string }
  | { type: 'call.hangup'; callId: string }
  | { type: 'rtc.offer'; callId: string; sdp: string; iceRestart?: boolean }
  | { type: 'rtc.answer'; callId: string; sdp: string }
  | { type: 'rtc.ice'; callId: string; candidate: IceCandidateInit | null };

/** A text frame from the server, checked; null for anything that is not a valid message of this version. */
export function parseServerMessage(text: string): ServerMessage | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const result = ServerMessageSchema.safeParse(json);
  return result.success ? result.data : null;
}
