import type { EndReason } from '@screenvisit/protocol';
import { type CallContext, refOf, unknownCall, v } from './context.js';
import { staffName } from './parties.js';
import type { Endpoint, LiveCall, PoolCalls } from './types.js';

/**
 * call.accept / call.decline / call.hangup. For a person or a team the first accept wins on this node by
 * construction: the check and the claim below run without an await in between.
 */
export async function acceptCall(
  ctx: CallContext,
  pools: PoolCalls,
  from: Endpoint,
  callId: string,
): Promise<void> {
  const call = ctx.store.get(callId);
  if (!call?.ringing.has(from.id)) {
    if (!lateAfterTaken(call, from)) unknownCall(ctx, from.id);
    return;
  }
  if (call.pool) return pools.accept(call, from);
  call.ringing.delete(from.id);
  call.answerer = { endpoint: from, displayName: null };
  if (!ctx.transition(call, { type: 'accept' })) {
    unknownCall(ctx, from.id);
    return;
  }
  // The page that answered the caller's early offer needs no second negotiation (relay.ts relayEarly).
  const negotiated = call.early?.endpointId === from.id && call.early.answered;
  call.early = null;
  call.held = null;
  if (negotiated) {
    ctx.transition(call, { type: 'negotiate' });
    ctx.transition(call, { type: 'establish' });
  }
  const others = [...call.ringing.values()];
  call.ringing.clear();
  // Released before the name lookup below awaits: an accept pressed meanwhile is late, not unknown. And in the
  // snapshot before any of them is told (issue 14 §4): a node adopting the call knows their presses are late.
  for (const other of others) call.released.add(other.id);
  if (others.length > 0) ctx.store.update(call);
  connected(ctx, call, negotiated);
  if (call.group && from.party.kind === 'staff') {
    const name = (await staffName(ctx.db, from.party.id)) ?? 'en kollega';
    call.answerer.displayName = name;
    for (const other of others)
      ctx.send(other.id, { v, type: 'call.taken', callId, byDisplayName: name.slice(0, 80) });
  }
  for (const other of others)
    ctx.send(other.id, { v, type: 'call.ended', callId, reason: 'taken_by_another' });
}

/**
 * Tells both parties the call is on: the caller now sends its offer, or, `negotiated`, only attaches its
 * tracks (docs/protocol.md call.accepted).
 */
export function connected(ctx: CallContext, call: LiveCall, negotiated = false): void {
  if (!call.answerer) return;
  const accepted = {
    v,
    type: 'call.accepted',
    callId: call.callId,
    by: refOf(call.answerer.endpoint),
    ...(negotiated ? { negotiated: true as const } : {}),
  } as const;
  ctx.send(call.callerEndpoint.id, accepted);
  ctx.send(call.answerer.endpoint.id, accepted);
}

export function declineCall(ctx: CallContext, pools: PoolCalls, from: Endpoint, callId: string): void {
  const call = ctx.store.get(callId);
  if (!call?.ringing.has(from.id)) {
    if (!lateAfterTaken(call, from)) unknownCall(ctx, from.id);
    return;
  }
  if (call.pool) {
    pools.decline(call, from);
    return;
  }
  if (call.group) {
    // One colleague saying no leaves the others ringing; the last "no" declines the call.
    call.ringing.delete(from.id);
    // Out of the snapshot before it is told (issue 14 §4): a node adopting the call never ends it there again.
    if (call.ringing.size > 0) ctx.store.update(call);
    ctx.send(from.id, { v, type: 'call.ended', callId, reason: 'declined' });
    if (call.ringing.size > 0) return;
  }
  ctx.transition(call, { type: 'end', reason: 'declined' });
}

type HangupReason = Extract<EndReason, 'hung_up' | 'failed'>;

/** `reason` 'failed': a kiosk that lost the call's media hangs up (call.hangup `reason`, protocol HangupReason). */
export function hangupCall(
  ctx: CallContext,
  pools: PoolCalls,
  from: Endpoint,
  callId: string,
  reason: HangupReason = 'hung_up',
): void {
  const call = ctx.store.get(callId);
  if (!call) {
    unknownCall(ctx, from.id);
    return;
  }
  const isParty = from.id === call.callerEndpoint.id || from.id === call.answerer?.endpoint.id;
  if (isParty) {
    ctx.transition(call, { type: 'end', reason });
    return;
  }
  // A ringing screen's red button is a decline.
  if (call.ringing.has(from.id)) {
    declineCall(ctx, pools, from, callId);
    return;
  }
  if (!lateAfterTaken(call, from)) unknownCall(ctx, from.id);
}

/**
 * A press from a screen that was told the call was taken, sent before that news reached it: it already has
 * `call.taken` and `call.ended`, so it is told nothing more (an `unknown_call` error after "taken by a colleague"
 * would be shown to a night-watch worker as a fault). LiveCall.released.
 */
const lateAfterTaken = (call: LiveCall | undefined, from: Endpoint): boolean =>
  call?.released.has(from.id) ?? false;
