import { timingSafeEqual } from 'node:crypto';
import { connected } from './answer.js';
import type { CallContext } from './context.js';
import { offer } from './place.js';
import { relayHeld } from './relay.js';
import type { Endpoint, LiveCall } from './types.js';

/**
 * Links that drop and come back (issue 5 §4). A party of an answered call who loses their link leaves the
 * call `reconnecting` for the grace period; the same person coming back with the old connection's resume
 * token (WebSocket) or the same kiosk reconnecting (MQTT, whose credential names it) takes its place in the
 * SAME call. Both sides then get `call.accepted` again, on which the caller sends an ICE-restart offer.
 */
export function endpointClosed(ctx: CallContext, endpointId: string): void {
  for (const call of ctx.store.all()) {
    // A ringing tab that closes just stops ringing; the ring timeout (or the pool's own) still applies.
    const stopped = call.ringing.delete(endpointId);
    const bound = endpointId === call.callerEndpoint.id || endpointId === call.answerer?.endpoint.id;
    if (!bound) {
      // The snapshot stops naming it too (issue 14 §4, handover.ts): an adopter would otherwise go on counting
      // a tab that can no longer be told anything among those the call rings.
      if (stopped) ctx.store.update(call);
      continue;
    }
    if (call.machine.state === 'ringing') {
      if (!call.handedOver) ctx.transition(call, { type: 'end', reason: 'failed' });
    } else if (call.machine.state !== 'reconnecting') ctx.transition(call, { type: 'drop' });
  }
}

const sameToken = (a: string | undefined, b: string) =>
  a !== undefined && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

const sameOwner = (a: Endpoint, b: Endpoint) => a.owner.kind === b.owner.kind && a.owner.id === b.owner.id;

/** `hello` on a WebSocket, or a kiosk (re)connecting: resume calls, and ring for calls still ringing. */
export function hello(ctx: CallContext, from: Endpoint, resumeToken: string | undefined): void {
  ctx.deliverHeld(from);
  for (const call of ctx.store.all()) {
    if (call.machine.state === 'ringing') {
      // A handed-over call's caller who is back (on a live node) is where its answer goes from now on.
      if (call.handedOver && resumableCaller(call, from, resumeToken)) {
        call.callerEndpoint = from;
        ctx.store.update(call);
      }
      ringLate(ctx, call, from);
      continue;
    }
    const slot = resumable(call, from, resumeToken);
    if (!slot) continue;
    // The old link may not have been noticed as dead yet (a phone switching networks): drop it now.
    if (call.machine.state !== 'reconnecting') ctx.transition(call, { type: 'drop' });
    if (slot === 'caller') call.callerEndpoint = from;
    else if (call.answerer) call.answerer.endpoint = from;
    if (ctx.transition(call, { type: 'resume' })) {
      ctx.log.info({ callId: call.callId, endpoint: from.id }, 'call resumed');
      connected(ctx, call);
    }
  }
}

function resumableCaller(call: LiveCall, from: Endpoint, token: string | undefined): boolean {
  const bound = call.callerEndpoint;
  if (!sameOwner(bound, from)) return false;
  return (
    (token !== undefined && bound.id !== from.id && sameToken(bound.resumeToken, token)) ||
    bound.id === from.id
  );
}

function resumable(call: LiveCall, from: Endpoint, token: string | undefined): 'caller' | 'answerer' | null {
  const slots = [
    ['caller', call.callerEndpoint],
    ['answerer', call.answerer?.endpoint],
  ] as const;
  for (const [slot, bound] of slots) {
    if (!bound || !sameOwner(bound, from)) continue;
    const byToken = token !== undefined && bound.id !== from.id && sameToken(bound.resumeToken, token);
    // A kiosk's id is its credential: the same kiosk connecting again means its old link is gone, which a
    // handed-over call may not have seen: it was answered here while the kiosk's link (on the node that went)
    // was down, so it is still `accepted`. Once resumed it is `connecting`, so a replayed hello does not resume
    // it twice (cluster.ts).
    const handedOverAnswered = call.handedOver === true && call.machine.state === 'accepted';
    const sameKiosk =
      bound.id === from.id &&
      from.owner.kind === 'device' &&
      (call.machine.state === 'reconnecting' || handedOverAnswered);
    if (byToken || sameKiosk) return slot;
  }
  return null;
}

/** A tab opened (or reloaded) while a call to its person rings: it rings too. Teams and pools ring by roster. */
function ringLate(ctx: CallContext, call: LiveCall, from: Endpoint): void {
  if (call.pool || call.group || call.ringing.has(from.id)) return;
  const t = call.target;
  const mine =
    (t.kind === from.party.kind && t.id === from.party.id) ||
    (t.kind === 'device' && from.owner.kind === 'device' && from.owner.id === t.id);
  if (mine && from.id !== call.callerEndpoint.id) {
    // The snapshot naming the new page is written before it hears the ring, as placeCall's first one is
    // (place.ts; issue 14 §4): the ring goes out after it on the same Redis connection, so a node adopting the
    // call after a kill knows this page rings and tells it when the call ends.
    call.ringing.set(from.id, from);
    ctx.store.update(call);
    offer(ctx, call, from);
    relayHeld(ctx, call);
  }
}
