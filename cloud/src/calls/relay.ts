import type { RtcAnswer, RtcIce, RtcOffer } from '@screenvisit/protocol';
import type { z } from 'zod';
import { type CallContext, unknownCall } from './context.js';
import type { Endpoint } from './types.js';

type Rtc = z.infer<typeof RtcOffer> | z.infer<typeof RtcAnswer> | z.infer<typeof RtcIce>;

/**
 * rtc.offer / rtc.answer / rtc.ice go ONLY between the two bound endpoints of an answered call, unchanged.
 * A ringing call, an ended one, or a sender who is not one of the two gets `unknown_call`: nobody can inject
 * SDP into someone else's call or keep media negotiation going after hang-up (issue 5 §3).
 */
export function relay(ctx: CallContext, from: Endpoint, m: Rtc): void {
  const call = ctx.store.get(m.callId);
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
