import { z } from 'zod';
import { Id, IsoTime, PartyRef } from './ids.js';

/**
 * Call signalling, carried as JSON text frames over the browser WebSocket (/ws) and, for kiosks, over the
 * device's MQTT signal topics. One router in the cloud handles both; see docs/protocol.md.
 */
export const SIGNALLING_VERSION = 1;
const v = z.literal(SIGNALLING_VERSION);

/** Why a call ended. Every end carries exactly one. */
export const EndReason = z.enum([
  'hung_up',
  'declined',
  'no_answer',
  'taken_by_another',
  'permission_revoked',
  'failed',
]);
export type EndReason = z.infer<typeof EndReason>;

/** Why an attempt was refused before it rang. The client shows a plain-language text for each code. */
export const RefusalCode = z.enum([
  'not_permitted',
  'outside_time_window',
  'callee_offline',
  'callee_busy',
  'nobody_on_duty',
  'rate_limited',
  'invalid_message',
]);
export type RefusalCode = z.infer<typeof RefusalCode>;

const Sdp = z.string().min(1).max(32_000);
const IceCandidate = z
  .object({
    candidate: z.string().max(1_000),
    sdpMid: z.string().max(64).nullable().optional(),
    sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
  })
  .strict();
const RequestId = z.string().min(1).max(64);

// --- opening the socket ----------------------------------------------------------------------------

/**
 * What a browser socket says it is, as the query parameter `surface` of its upgrade request (`/ws?surface=
 * nightwatch`), declared once at open, before any message. `nightwatch`: the night-watch console page
 * (/nightwatch/), the only page that shows and answers a resident's night-watch call; the cloud rings only such
 * sockets for a pool's calls and counts only them when it asks whether an on-duty member can be reached (the
 * "nobody reachable" alert). A socket that declares nothing (the day page, a citizen's page, a console page
 * loaded before this parameter existed) is an ordinary socket: it rings for direct and team calls as before.
 * The cloud trusts it for nothing else: it grants no right, and a page that claims it falsely only makes its
 * own person count as reachable. A query parameter, not a `hello` field: `Hello` is strict, so an older cloud
 * would refuse a `hello` carrying it, while every cloud ignores a parameter it does not know.
 */
export const SIGNALLING_SURFACE_PARAM = 'surface';
export const SignallingSurface = z.enum(['nightwatch']);
export type SignallingSurface = z.infer<typeof SignallingSurface>;

/**
 * The surface an upgrade request's URL declares; null when it declares none or one this cloud does not know (a
 * newer page's surface is then an ordinary socket here, never a refused one).
 */
export function declaredSurface(requestUrl: string | undefined): SignallingSurface | null {
  let params: URLSearchParams;
  try {
    params = new URL(requestUrl ?? '/', 'http://localhost').searchParams;
  } catch {
    // A request target URL cannot parse ("http://[" is one Node lets through): declares nothing, throws nothing.
    return null;
  }
  const parsed = SignallingSurface.safeParse(params.get(SIGNALLING_SURFACE_PARAM));
  return parsed.success ? parsed.data : null;
}

// --- client -> server -------------------------------------------------------------------------------

export const Hello = z
  .object({ v, type: z.literal('hello'), resumeToken: z.string().max(128).optional() })
  .strict();
export const Ping = z.object({ v, type: z.literal('ping'), nonce: z.number().int() }).strict();
export const CallPlace = z
  .object({ v, type: z.literal('call.place'), requestId: RequestId, to: PartyRef, slotId: Id.optional() })
  .strict();
export const CallAccept = z.object({ v, type: z.literal('call.accept'), callId: Id }).strict();
export const CallDecline = z.object({ v, type: z.literal('call.decline'), callId: Id }).strict();
/**
 * Why a party hangs up, when it is not simply the person pressing "Læg på": `failed` is a kiosk that lost the
 * call's media (docs/protocol.md "call.hangup"); the call then ends with that reason for every party and in the
 * call record. Absent: `hung_up`. Only the EndReasons a hang-up may carry.
 */
export const HangupReason = EndReason.extract(['failed']);
export const CallHangup = z
  .object({ v, type: z.literal('call.hangup'), callId: Id, reason: HangupReason.optional() })
  .strict();
export const RtcOffer = z
  .object({ v, type: z.literal('rtc.offer'), callId: Id, sdp: Sdp, iceRestart: z.boolean().optional() })
  .strict();
export const RtcAnswer = z.object({ v, type: z.literal('rtc.answer'), callId: Id, sdp: Sdp }).strict();
export const RtcIce = z
  .object({ v, type: z.literal('rtc.ice'), callId: Id, candidate: IceCandidate.nullable() })
  .strict();

/**
 * A kiosk in a call asks for fresh STUN/TURN (answered with `rtc.config` for the same call): the TURN REST
 * credentials it holds have expired, or are about to, and it is about to rebuild its connection or restart ICE,
 * whose new TURN allocations coturn refuses with expired ones (401). Browsers fetch GET /api/calls/ice-servers.
 * Additive: an older cloud drops it (the broker's decode), and the kiosk goes on with the servers it has.
 */
export const RtcConfigRequest = z.object({ v, type: z.literal('rtc.config.request'), callId: Id }).strict();

export const ClientMessage = z.discriminatedUnion('type', [
  Hello,
  Ping,
  CallPlace,
  CallAccept,
  CallDecline,
  CallHangup,
  RtcOffer,
  RtcAnswer,
  RtcIce,
  RtcConfigRequest,
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

// --- server -> client -------------------------------------------------------------------------------

export const Welcome = z
  .object({
    v,
    type: z.literal('welcome'),
    connectionId: z.string().min(1).max(64),
    resumeToken: z.string().max(128),
    heartbeatMs: z.number().int().positive(),
  })
  .strict();
export const Pong = z.object({ v, type: z.literal('pong'), nonce: z.number().int() }).strict();
export const CallRinging = z
  .object({ v, type: z.literal('call.ringing'), requestId: RequestId, callId: Id, to: PartyRef })
  .strict();
export const CallIncoming = z
  .object({
    v,
    type: z.literal('call.incoming'),
    callId: Id,
    from: PartyRef,
    /** Shown on the ringing screen. Sent only to parties allowed to see it; never stored on a device. */
    displayName: z.string().min(1).max(80),
    /** Present when the callee's policy answers by itself: the countdown the screen shows. */
    autoAnswerAfterMs: z.number().int().min(0).max(60_000).optional(),
    /**
     * To a staff member's pages only: what the caller dialled. `person`: this person (a citizen calling her home
     * guide); `team`: their team, whose members all ring; `night_watch`: a night-watch pool (only night-watch
     * consoles ring). A day page rings only for what it can answer and says whether the person or the team is
     * called: the `from` of a pool's ring is the resident, like a citizen calling her team. Never sent to a kiosk
     * or a citizen's page (a kiosk's strict schema from before the field would refuse the frame).
     */
    dialled: z.enum(['person', 'team', 'night_watch']).optional(),
  })
  .strict();
export const CallAccepted = z
  .object({
    v,
    type: z.literal('call.accepted'),
    callId: Id,
    by: PartyRef,
    /**
     * Present (true) when the endpoint that accepted had already answered the caller's offer while it rang
     * (issue 15 §3): the media path is up, both sides only attach their tracks, and nobody offers again.
     * Absent: the caller offers now, as before.
     */
    negotiated: z.literal(true).optional(),
  })
  .strict();
export const CallTaken = z
  .object({
    v,
    type: z.literal('call.taken'),
    callId: Id,
    /** Who took it. Absent for an idle-LOCKED console, which is shown nothing personal (issue 10 §1). */
    byDisplayName: z.string().min(1).max(80).optional(),
  })
  .strict();
/**
 * The municipality's fallback number when the night watch cannot be reached (issue 10 §4): the kiosk's "night
 * watch unreachable" screen and the BYOD page show it in large text, so a resident whose button found nobody always
 * has a next step. Optional: older clouds omit it.
 */
const FallbackPhone = z.string().min(1).max(32).optional();
export const CallEnded = z
  .object({ v, type: z.literal('call.ended'), callId: Id, reason: EndReason, fallbackPhone: FallbackPhone })
  .strict();
export const CallRefused = z
  .object({
    v,
    type: z.literal('call.refused'),
    requestId: RequestId,
    code: RefusalCode,
    message: z.string().max(300),
    fallbackPhone: FallbackPhone,
    /**
     * `outside_time_window` only: when the caller's next allowed window opens (an instant; the client says it in
     * municipal time: "Du kan ringe igen i morgen kl. 8.00"). Optional: older clouds omit it.
     */
    nextAllowedAt: IsoTime.optional(),
  })
  .strict();
const IceServerRef = z
  .object({
    urls: z.union([z.string().min(1).max(512), z.array(z.string().min(1).max(512)).min(1).max(8)]),
    username: z.string().max(512).optional(),
    credential: z.string().max(512).optional(),
  })
  .strict();
/**
 * To a kiosk only, just before `call.accepted`, and as the answer to its `rtc.config.request`: the STUN/TURN
 * servers for this call's media. Browsers fetch the
 * same thing from GET /api/calls/ice-servers; a kiosk has no HTTP session, so the cloud sends it on sig/down.
 * TURN credentials are time-limited (draft-uberti-behave-turn-rest-00); they outlive the call's allocation.
 */
export const RtcConfig = z
  .object({
    v,
    type: z.literal('rtc.config'),
    callId: Id,
    iceServers: z.array(IceServerRef).max(8),
    iceTransportPolicy: z.enum(['all', 'relay']),
  })
  .strict();
export const ErrorMessage = z
  .object({ v, type: z.literal('error'), code: z.string().max(64), message: z.string().max(300) })
  .strict();

export const ServerMessage = z.discriminatedUnion('type', [
  Welcome,
  Pong,
  CallRinging,
  CallIncoming,
  CallAccepted,
  CallTaken,
  CallEnded,
  CallRefused,
  RtcOffer,
  RtcAnswer,
  RtcIce,
  RtcConfig,
  ErrorMessage,
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
