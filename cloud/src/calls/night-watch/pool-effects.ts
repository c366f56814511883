import type { EndReason } from '@screenvisit/protocol';
import type { setNightWatchCallStatus } from '../../db/index.js';
import { connected } from '../answer.js';
import { type CallContext, unknownCall, v } from '../context.js';
import { offer } from '../place.js';
import type { Endpoint, LiveCall } from '../types.js';
import { consoleOf } from './console-sockets.js';
import type { RouterEffect } from './router-types.js';

/** What turning router effects into messages needs from the pools (pool-calls.ts). */
export interface EffectDeps {
  readonly ctx: CallContext;
  /** The live call behind a night_watch_calls id on this node. */
  callOfLeg(nwCallId: string): LiveCall | undefined;
  /** The end reason a console whose ringing stops is told, for the event being handled. */
  stopReason(): EndReason;
  /** The console that lost the accept race hears who won. */
  lost(call: LiveCall, from: Endpoint, nwCallId: string): Promise<void>;
  /** The router gave up on this pool: fall back to another pool, or tell the resident. */
  escalate(call: LiveCall, e: Extract<RouterEffect, { type: 'escalate' }>): void;
  status(call: LiveCall, update: Parameters<typeof setNightWatchCallStatus>[1]): Promise<void>;
}

/**
 * The NightWatchRouter's effects as call messages (it is transport-free: events in, effects out). "taken" and
 * "connect" are read first, so a console whose ringing stops in the same batch is told who took the call.
 */
export function applyEffects(deps: EffectDeps, effects: RouterEffect[]): void {
  const taken = new Map<string, string>();
  const connecting = new Set<string>();
  for (const e of effects) {
    if (e.type === 'taken') for (const id of e.staffIds) taken.set(id, e.byDisplayName);
    if (e.type === 'connect') connecting.add(e.staffId);
  }
  for (const e of effects) {
    const call = 'callId' in e ? deps.callOfLeg(e.callId) : undefined;
    if (e.type === 'queued' || e.type === 'queue_changed') {
      deps.ctx.log.info({ effect: e.type }, 'night-watch queue changed');
      continue;
    }
    if (!call) continue;
    applyEffect(deps, call, e, taken, connecting);
  }
}

function applyEffect(
  deps: EffectDeps,
  call: LiveCall,
  e: RouterEffect,
  taken: Map<string, string>,
  connecting: Set<string>,
): void {
  const { ctx } = deps;
  const { callId } = call;
  switch (e.type) {
    case 'ring': {
      // A member rung again because a console of theirs opened (router `console_opened`) rings at the new
      // console only: one already ringing is not told twice, one released by another's answer never again. (A
      // call adopted from a node that is gone rings every console again, those its snapshot named too.)
      const fresh = (id: string) => !e.newConsolesOnly || (!call.ringing.has(id) && !call.released.has(id));
      // Their night-watch consoles only (pool-presence.ts consoleOf): a day page cannot show the call.
      const consoles = e.staffIds.flatMap((staffId) =>
        consoleOf(ctx.registry, staffId)
          .filter(fresh)
          .map(
            (id): Endpoint => ({
              id,
              owner: { kind: 'staff', id: staffId },
              party: { kind: 'staff', id: staffId },
            }),
          ),
      );
      // The snapshot naming the consoles is written before any of them hears the ring (issue 14 §4, as place.ts):
      // a node adopting the call after a kill then knows whom it rang (calls/handover.ts).
      for (const endpoint of consoles) call.ringing.set(endpoint.id, endpoint);
      ctx.store.update(call);
      // The ring reaches idle-locked consoles too, so it names the resident's place, never the resident.
      for (const endpoint of consoles) offer(ctx, call, endpoint, call.pool?.place || 'Nattevagt');
      return;
    }
    case 'stop_ringing': {
      const stopped = [...call.ringing.values()]
        .filter((endpoint) => e.staffIds.includes(endpoint.party.id))
        .map((endpoint) => {
          const name = taken.get(endpoint.party.id);
          const reason = name || connecting.has(endpoint.party.id) ? 'taken_by_another' : deps.stopReason();
          return { endpoint, name, reason };
        });
      for (const { endpoint, reason } of stopped) {
        call.ringing.delete(endpoint.id);
        if (reason === 'taken_by_another') call.released.add(endpoint.id);
      }
      // The snapshot no longer rings them, and lists the released, before any of them is told (issue 14 §4): a
      // node adopting the call then never ends it on a console told already (declined, its ring passed on, off
      // duty), and knows a released console's late presses are late (answer.ts lateAfterTaken).
      if (stopped.length > 0) ctx.store.update(call);
      for (const { endpoint, name, reason } of stopped) {
        // The colleague's name reaches an unlocked console only (realtime/locked-view.ts strips it when locked).
        if (name) ctx.send(endpoint.id, { v, type: 'call.taken', callId, byDisplayName: name.slice(0, 80) });
        ctx.send(endpoint.id, { v, type: 'call.ended', callId, reason });
      }
      return;
    }
    case 'connect': {
      const endpoint = call.pool?.pendingAccept.get(e.staffId);
      call.pool?.pendingAccept.delete(e.staffId);
      if (!endpoint) return;
      call.answerer = { endpoint, displayName: null };
      call.ringing.delete(endpoint.id);
      if (!ctx.transition(call, { type: 'accept' })) return;
      connected(ctx, call);
      // The same member's other consoles stop ringing, released in the snapshot before they are told.
      const others = [...call.ringing.values()].filter((other) => other.party.id === e.staffId);
      for (const other of others) {
        call.ringing.delete(other.id);
        call.released.add(other.id);
      }
      if (others.length > 0) ctx.store.update(call);
      for (const other of others)
        ctx.send(other.id, { v, type: 'call.ended', callId, reason: 'taken_by_another' });
      return;
    }
    case 'accept_refused': {
      const endpoint = call.pool?.pendingAccept.get(e.staffId);
      call.pool?.pendingAccept.delete(e.staffId);
      if (!endpoint) return;
      if (e.reason === 'already_taken') void deps.lost(call, endpoint, call.pool!.nwCallId);
      else unknownCall(ctx, endpoint.id);
      return;
    }
    case 'escalate':
      deps.escalate(call, e);
      return;
    case 'record_missed':
      if (e.reason === 'caller_hung_up')
        void deps.status(call, { callId: e.callId, status: 'missed', reason: e.reason });
      return;
    case 'taken':
    case 'queued':
    case 'queue_changed':
      return;
  }
}
