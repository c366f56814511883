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
  if (call?.machine.state === 'ringing') return relayEarly(ctx, call, from, m);
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
  const drop = (why: string) =>
    ctx.log.debug({ callId: call.callId, type: m.type }, `early rtc dropped: ${why}`);
  if (from.id === call.callerEndpoint.id) {
    if (m.type === 'rtc.offer') {
      const pages = call.pool ? [] : [...call.ringing.values()].filter((e) => e.owner.kind !== 'device');
      if (pages.length !== 1) return drop(`${pages.length} browser pages ring`);
      call.early = { endpointId: pages[0]!.id, answered: false };
      return ctx.send(pages[0]!.id, m);
    }
    if (m.type === 'rtc.ice' && call.early && call.ringing.has(call.early.endpointId))
      return ctx.send(call.early.endpointId, m);
    return drop('no early callee');
  }
  if (call.ringing.has(from.id)) {
    if (call.early?.endpointId !== from.id || m.type === 'rtc.offer') return drop('not the early callee');
    if (m.type === 'rtc.answer') call.early.answered = true;
    return ctx.send(call.callerEndpoint.id, m);
  }
  unknownCall(ctx, from.id);
}
