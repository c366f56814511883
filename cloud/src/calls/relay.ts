import type { RtcAnswer, RtcIce, RtcOffer } from '@screenvisit/protocol';
import type { z } from 'zod';
import { type CallContext, unknownCall } from './context.js';
import type { Endpoint, LiveCall } from './types.js';

type Rtc = z.infer<typeof RtcOffer> | z.infer<typeof RtcAnswer> | z.infer<typeof RtcIce>;

/**
 * rtc.offer / rtc.answer / rtc.ice go ONLY between the caller and one callee endpoint, unchanged: the bound
 * answerer of an answered call, or, while it rings, the one browser page the caller's early offer went to
 * (relayEarly). An ended call, or a sender who is neither, gets `unknown_call`: nobody can inject SDP into
 * someone else's call or keep media negotiation going after hang-up (issue 5 §3).
 */
export function relay(ctx: CallContext, from: Endpoint, m: Rtc): void {
  const call = ctx.store.get(m.callId);
  if (call?.machine.state === 'ringing') {
    relayEarly(ctx, call, from, m);
    return;
  }
  if (!call?.answerer) {
    unknownCall(ctx, from.id);
    return;
  }
  const caller = call.callerEndpoint;
  const answerer = call.answerer.endpoint;
  const peer = from.id === caller.id ? answerer : from.id === answerer.id ? caller : null;
  if (!peer) {
    unknownCall(ctx, from.id);
    return;
  }
  if (call.machine.state === 'reconnecting') {
    // The peer's link is gone; the caller offers again (ICE restart) once it is back.
    ctx.log.debug({ callId: call.callId, type: m.type }, 'rtc message while reconnecting: dropped');
    return;
  }
  if (m.type === 'rtc.offer' && call.machine.state === 'accepted')
    ctx.transition(call, { type: 'negotiate' });
  if (m.type === 'rtc.answer' && call.machine.state === 'connecting')
    ctx.transition(call, { type: 'establish' });
  ctx.send(peer.id, m);
}

/**
 * While it rings (issue 15 §3: fast answer without lighting the camera early). The caller's first offer goes
 * to the callee's page while it rings, so ICE and DTLS are up before anyone presses "Tag den"; neither side
 * attaches a camera or microphone track before `call.accepted` (cloud/web/src/shared/call/call-controller.ts),
 * so no media flows.
 * Only when exactly ONE browser page rings: an answer can bind one endpoint only, and a kiosk's engines
 * negotiate after answering (device/). Night-watch calls ring by roster and never negotiate early. Anything
 * else in this state is dropped quietly: the caller offers again after `call.accepted` without `negotiated`.
 */
function relayEarly(ctx: CallContext, call: LiveCall, from: Endpoint, m: Rtc): void {
  const to = earlyPeer(call, from, m);
  if (to === 'unknown') unknownCall(ctx, from.id);
  else if (to === NO_PAGE_YET && m.type === 'rtc.offer') call.held = { offer: m, ice: [] };
  else if (
    to === 'no early callee' &&
    m.type === 'rtc.ice' &&
    call.held &&
    call.held.ice.length < MAX_HELD_ICE
  )
    call.held.ice.push(m);
  else if (typeof to === 'string')
    ctx.log.debug({ callId: call.callId, type: m.type }, `early rtc dropped: ${to}`);
  else {
    if (m.type === 'rtc.offer') call.early = { endpointId: to.id, answered: false };
    if (m.type === 'rtc.answer' && call.early) call.early.answered = true;
    ctx.send(to.id, m);
  }
}

/** The caller offered while no browser page rang: the offer is held for a page that rings late (relayHeld). */
const NO_PAGE_YET = 'no browser page rings yet';
/** A browser gathers a handful of candidates per network interface; more than this is not a real caller. */
const MAX_HELD_ICE = 32;

/**
 * A page rang late (reconnect.ts ringLate: a phone woken by push says hello) while the caller's early offer
 * was held: it gets that offer and the caller's candidates right after its `call.incoming`, in order on its
 * socket, so it negotiates while it rings as an open page does (issue 15 §3). Only when it is now the one
 * browser page that rings; otherwise the offer stays held and the caller offers again after `call.accepted`.
 */
export function relayHeld(ctx: CallContext, call: LiveCall): void {
  const held = call.held;
  if (!held || call.machine.state !== 'ringing') return;
  const pages = [...call.ringing.values()].filter((e) => e.owner.kind !== 'device');
  if (pages.length !== 1) return;
  const page = pages[0]!;
  call.held = null;
  call.early = { endpointId: page.id, answered: false };
  ctx.send(page.id, held.offer);
  for (const ice of held.ice) ctx.send(page.id, ice);
}

/** Where an rtc message goes while it rings: an endpoint, 'unknown' (not a party), or why it is dropped. */
function earlyPeer(call: LiveCall, from: Endpoint, m: Rtc): Endpoint | string {
  if (from.id === call.callerEndpoint.id) {
    if (m.type === 'rtc.offer') {
      const pages = call.pool ? [] : [...call.ringing.values()].filter((e) => e.owner.kind !== 'device');
      if (pages.length === 0 && !call.pool) return NO_PAGE_YET;
      return pages.length === 1 ? pages[0]! : `${pages.length} browser pages ring`;
    }
    const page = call.early ? call.ringing.get(call.early.endpointId) : undefined;
    return m.type === 'rtc.ice' && page ? page : 'no early callee';
  }
  if (!call.ringing.has(from.id)) return 'unknown';
  if (call.early?.endpointId !== from.id || m.type === 'rtc.offer') return 'not the early callee';
  return call.callerEndpoint;
}
