import { PartyKind, type PartyRef } from '@screenvisit/protocol';
import { z } from 'zod';
import { connected } from './answer.js';
import { CallMachine } from './call-machine.js';
import type { CallContext } from './context.js';
import type { Endpoint, LiveCall } from './types.js';

/**
 * A call whose home node is gone (issue 14 §4): killed (its Redis key lapsed) or drained for an upgrade (it
 * hands its calls over as it stops). A call's machine and timers cannot move, but its data can: the home node
 * keeps a CallSnapshot of each live call in Redis beside its summary (redis-call-store.ts), and ONE surviving
 * node takes the dead node's snapshots (an atomic read-and-delete, so two survivors never both adopt) and
 * continues each call by what it was:
 * - ringing, night watch: rung again to the pool's on-duty consoles from here, under the same call and
 *   night_watch_calls row; nobody reachable escalates exactly as a new call would (the fallback pool, then
 *   `nobody_on_duty` with the fallback number, and the pool's unreachable alert). A resident is never left
 *   ringing into nothing;
 * - ringing, anything else: ended `failed` to everyone it rang and to the caller (those still connected hear
 *   it) and recorded; the caller can simply call again;
 * - answered: the media is peer to peer and goes on; the call continues here `reconnecting`: each party who
 *   comes back (a browser's hello with its resume token, the same kiosk reconnecting, or a party who never left
 *   a surviving node) takes its place and both get `call.accepted` again, on which the caller restarts ICE; the
 *   signalling is relayed by this node from then on. A party who does not come back within the reconnect
 *   grace ends it `failed`. Either way the call record is written once, when it ends (records.ts).
 */
export const EndpointSchema = z.object({
  id: z.string().min(1),
  owner: z.object({ kind: z.enum(['staff', 'citizen', 'device']), id: z.string().min(1) }),
  party: z.object({ kind: z.enum(['staff', 'citizen']), id: z.string().min(1) }),
  resumeToken: z.string().optional(),
}) satisfies z.ZodType<Endpoint>;

const CallParty = z.object({ kind: z.enum(['staff', 'citizen', 'unit']), id: z.string().min(1) });

/** Internal ids, states and times, and a browser's resume token; never a person's name. */
export const CallSnapshot = z.object({
  callId: z.string().min(1),
  requestId: z.string().min(1),
  municipalityId: z.string().min(1),
  caller: z.object({ kind: z.enum(['staff', 'citizen']), id: z.string().min(1) }),
  target: z.object({ kind: PartyKind, id: z.string().min(1) }) satisfies z.ZodType<PartyRef>,
  attempt: z.object({ from: CallParty, to: CallParty }),
  slotId: z.string().nullable(),
  group: z.boolean(),
  state: z.enum(['ringing', 'accepted', 'connecting', 'in_call', 'reconnecting']),
  callerEndpoint: EndpointSchema,
  ringing: z.array(EndpointSchema),
  /**
   * LiveCall.released, by endpoint id: the adopter still answers a late press from a screen told "taken" with
   * nothing more (answer.ts). Absent in a snapshot written by a node from before it was carried (a rolling
   * upgrade, docs/operations.md): read as none, as that node's adopter knew none.
   */
  released: z.array(z.string().min(1)).default([]),
  answerer: z.object({ endpoint: EndpointSchema, displayName: z.string().nullable() }).nullable(),
  pool: z
    .object({
      poolUnitId: z.string().min(1),
      nwCallId: z.string().min(1),
      hops: z.number().int().min(0),
      place: z.string(),
    })
    .nullable(),
  autoAnswerAfterMs: z.number().nullable(),
  ringAt: z.number(),
  answerAt: z.number().nullable(),
  connectedAt: z.number().nullable(),
  callerTold: z.boolean(),
});
export type CallSnapshot = z.infer<typeof CallSnapshot>;

/** Null for an ended call (it has left the store; nothing to hand over). */
export function snapshotOf(call: LiveCall): CallSnapshot | null {
  const state = call.machine.state;
  if (state === 'ended') return null;
  return {
    callId: call.callId,
    requestId: call.requestId,
    municipalityId: call.municipalityId,
    caller: call.caller,
    target: call.target,
    attempt: call.attempt,
    slotId: call.slotId,
    group: call.group,
    state,
    callerEndpoint: call.callerEndpoint,
    ringing: [...call.ringing.values()],
    released: [...call.released],
    answerer: call.answerer && { endpoint: call.answerer.endpoint, displayName: null },
    pool: call.pool && {
      poolUnitId: call.pool.poolUnitId,
      nwCallId: call.pool.nwCallId,
      hops: call.pool.hops,
      place: call.pool.place,
    },
    autoAnswerAfterMs: call.autoAnswerAfterMs,
    ringAt: call.ringAt,
    answerAt: call.answerAt,
    connectedAt: call.connectedAt,
    callerTold: call.callerTold,
  };
}

/** What adopting needs from the night-watch pools (pool-calls.ts), as an interface so neither imports the other. */
export interface PoolRering {
  rering(call: LiveCall): Promise<void>;
}

/**
 * Continues the calls of a node that is gone (see the top of this file). `isHere(endpointId)`: the endpoint is
 * connected to a live node now (the registry, after the dead node's connections were dropped).
 */
export function adoptCalls(
  ctx: CallContext,
  pools: PoolRering,
  snapshots: readonly CallSnapshot[],
  isHere: (endpointId: string) => boolean,
): LiveCall[] {
  const adopted: LiveCall[] = [];
  for (const snapshot of snapshots) {
    if (ctx.store.get(snapshot.callId)) continue;
    // A reconnecting call continues from `connecting` and drops again below, which starts a fresh grace here.
    const from = snapshot.state === 'reconnecting' ? 'connecting' : snapshot.state;
    const call: LiveCall = {
      callId: snapshot.callId,
      requestId: snapshot.requestId,
      municipalityId: snapshot.municipalityId,
      caller: snapshot.caller,
      // Never in Redis (ids only): an adopted call rings only night-watch consoles, which are shown the place.
      callerDisplayName: '',
      target: snapshot.target,
      attempt: snapshot.attempt,
      slotId: snapshot.slotId,
      group: snapshot.group,
      machine: new CallMachine(snapshot.callId, ctx.log, from),
      callerEndpoint: snapshot.callerEndpoint,
      ringing: new Map(snapshot.ringing.map((e) => [e.id, e])),
      released: new Set(snapshot.released),
      answerer: snapshot.answerer,
      early: null,
      // An early offer held for a late page lived in the dead node's memory; the caller offers again on answer.
      held: null,
      pool: snapshot.pool && { ...snapshot.pool, pendingAccept: new Map() },
      autoAnswerAfterMs: snapshot.autoAnswerAfterMs,
      ringAt: snapshot.ringAt,
      answerAt: snapshot.answerAt,
      connectedAt: snapshot.connectedAt,
      timers: {},
      callerTold: snapshot.callerTold,
      handedOver: true,
    };
    ctx.store.add(call);
    adopted.push(call);
    // How many endpoints the snapshot says ring: 0 for a ringing ordinary call means its pages will not hear the end
    // (the flake that place.ts's snapshot order fixed); a count, not ids, keeps the log free of who was called.
    ctx.log.warn(
      { callId: call.callId, state: from, pool: call.pool !== null, ringing: call.ringing.size },
      'call handed over',
    );
    if (from === 'ringing') {
      if (call.pool) {
        void pools.rering(call).catch((error: unknown) => {
          ctx.log.error({ err: error, callId: call.callId }, 'night-watch call could not be rung again');
          ctx.transition(call, { type: 'end', reason: 'failed' });
        });
      } else ctx.transition(call, { type: 'end', reason: 'failed' });
      continue;
    }
    ctx.transition(call, { type: 'drop' });
    const answerer = call.answerer?.endpoint.id;
    if (answerer !== undefined && isHere(call.callerEndpoint.id) && isHere(answerer)) {
      // Both parties are on live nodes already: the call goes on at once, signalling through this node now.
      if (ctx.transition(call, { type: 'resume' })) connected(ctx, call);
    }
  }
  return adopted;
}
