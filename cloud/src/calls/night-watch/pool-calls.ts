import { randomUUID } from 'node:crypto';
import type { CallPlace, EndReason } from '@screenvisit/protocol';
import type { z } from 'zod';
import {
  type CallAttempt,
  fallbackPhoneOf,
  loadPoolRouting,
  MAX_FALLBACK_HOPS,
  ringPlaceOf,
} from '../../care/index.js';
import { claimNightWatchCall, createNightWatchCall, setNightWatchCallStatus } from '../../db/index.js';
import type { ConsoleHandover } from '../../kernel/ports.js';
import { type CallContext, unknownCall, v } from '../context.js';
import type { Person } from '../parties.js';
import { winnerOf } from '../parties.js';
import { newCall } from '../place.js';
import type { Endpoint, LiveCall } from '../types.js';
import { applyEffects, type EffectDeps } from './pool-effects.js';
import { PoolPresence } from './pool-presence.js';
import { createMemoryQueueBoard, type PoolQueueBoard, type QueuedCall } from './pool-queue.js';
import { NightWatchRouter } from './router.js';
import type { RouterEffect, RouterEvent } from './router-types.js';

/**
 * Night-watch calls (issue 4 §3, issue 5): the NightWatchRouter decides whom to ring and when to escalate;
 * this places, accepts, declines, ends and escalates pool calls. Beside it: pool-effects.ts turns the router's
 * effects into messages, pool-presence.ts feeds each router the members who are on duty (the database) AND have
 * a console connected (the registry), since ringing nobody helps no one, and pool-queue.ts reads the queue.
 * One router per pool on this node.
 * INVARIANT: across nodes, only the winner of claimNightWatchCall (a conditional UPDATE) passes member_accepted.
 */
export class Pools {
  readonly #ctx: CallContext;
  readonly #routers = new Map<string, Promise<NightWatchRouter>>();
  /** night_watch_calls id → the live call. */
  readonly #byLeg = new Map<string, LiveCall>();
  /** The end reason a console whose ringing stops is told, for the event being handled. */
  #stopReason: EndReason = 'no_answer';
  /** The pool each live call started in: its fallback number is the last one a resident is given. */
  readonly #origin = new Map<string, string>();
  readonly #presence: PoolPresence;
  readonly #effects: EffectDeps;
  readonly #board: PoolQueueBoard;

  constructor(ctx: CallContext) {
    this.#ctx = ctx;
    this.#board = ctx.queueBoard ?? createMemoryQueueBoard();
    this.#presence = new PoolPresence({
      ctx,
      routerOf: (poolUnitId) => this.#router(poolUnitId),
      routers: this.#routers,
      handle: (router, event, stopReason) => this.#handle(router, event, stopReason),
    });
    this.#effects = {
      ctx,
      callOfLeg: (nwCallId) => this.#byLeg.get(nwCallId),
      stopReason: () => this.#stopReason,
      lost: (call, from, nwCallId) => this.#lost(call, from, nwCallId),
      escalate: (call, e) => this.#escalate(call, e),
      status: (call, update) => this.#status(call, update),
    };
  }

  async place(
    from: Endpoint,
    m: z.infer<typeof CallPlace>,
    caller: Person,
    attempt: CallAttempt,
    poolUnitId: string,
  ) {
    const call = newCall(this.#ctx, {
      callId: randomUUID(),
      from,
      m,
      caller,
      attempt,
      slotId: null,
      group: false,
    });
    call.pool = { poolUnitId, nwCallId: call.callId, hops: 0, place: '', pendingAccept: new Map() };
    this.#origin.set(call.callId, poolUnitId);
    this.#ctx.store.add(call);
    try {
      await this.#enter(call, poolUnitId);
    } catch (error) {
      this.#ctx.transition(call, { type: 'end', reason: 'failed' });
      throw error;
    }
    if (!call.machine.ended)
      this.#ctx.send(from.id, {
        v,
        type: 'call.ringing',
        requestId: m.requestId,
        callId: call.callId,
        to: m.to,
      });
  }

  /**
   * A ringing call handed over from a node that is gone (handover.ts): rung again from here to its pool's
   * on-duty consoles, under the same night_watch_calls row (still `ringing`, so the first accept still wins
   * once). Nobody reachable escalates like any new call.
   */
  async rering(call: LiveCall): Promise<void> {
    const leg = call.pool!;
    this.#byLeg.set(leg.nwCallId, call);
    this.#origin.set(call.callId, leg.poolUnitId);
    const router = await this.#router(leg.poolUnitId);
    await this.syncDuty(leg.poolUnitId);
    if (call.machine.ended) return;
    this.#handle(
      router,
      { type: 'call_placed', callId: leg.nwCallId, citizenId: call.caller.id },
      'no_answer',
    );
  }

  async #enter(call: LiveCall, poolUnitId: string): Promise<void> {
    const leg = call.pool!;
    const nwCallId = leg.hops === 0 ? call.callId : randomUUID();
    leg.poolUnitId = poolUnitId;
    leg.nwCallId = nwCallId;
    this.#byLeg.set(nwCallId, call);
    const at = new Date(this.#ctx.clock.now());
    const [, place] = await Promise.all([
      createNightWatchCall(this.#ctx.db, { callId: nwCallId, poolUnitId, citizenId: call.caller.id, at }),
      ringPlaceOf(this.#ctx.db, poolUnitId, call.caller.id, at),
    ]);
    leg.place = place;
    const router = await this.#router(poolUnitId);
    await this.syncDuty(poolUnitId);
    if (call.machine.ended) return;
    this.#handle(router, { type: 'call_placed', callId: nwCallId, citizenId: call.caller.id }, 'no_answer');
  }

  #router(poolUnitId: string): Promise<NightWatchRouter> {
    let router = this.#routers.get(poolUnitId);
    if (!router) {
      router = loadPoolRouting(this.#ctx.db, poolUnitId).then(
        (routing) =>
          new NightWatchRouter({
            poolUnitId,
            routing,
            clock: this.#ctx.clock,
            // A pool's own timer (member ring, escalation): nothing is carried out on a node that stands down.
            onEffects: (effects) => {
              if (!this.#ctx.standsDown()) this.#apply(poolUnitId, effects);
            },
          }),
      );
      router.catch(() => this.#routers.delete(poolUnitId));
      this.#routers.set(poolUnitId, router);
    }
    return router;
  }

  #handle(router: NightWatchRouter, event: RouterEvent, stopReason: EndReason): void {
    this.#stopReason = stopReason;
    try {
      this.#apply(router.poolUnitId, router.handle(event));
    } finally {
      this.#stopReason = 'no_answer';
    }
  }

  /** Carries out a router's effects; a changed queue goes on the board (under the live calls' ids). */
  #apply(poolUnitId: string, effects: RouterEffect[]): void {
    applyEffects(this.#effects, effects);
    const changed = effects.findLast((e) => e.type === 'queue_changed');
    if (changed?.type !== 'queue_changed') return;
    this.#board.set(
      poolUnitId,
      changed.queue.map((q) => ({
        // A call that fell back to this pool has a new row id: the console shows the live call's id.
        callId: this.#byLeg.get(q.callId)?.callId ?? q.callId,
        citizenId: q.citizenId,
        waitingSince: q.since,
        position: q.position,
      })),
    );
  }

  /** Used by: placing a pool call, and the care API after on/off duty (router.dutyChanged). */
  syncDuty(poolUnitId: string): Promise<void> {
    return this.#presence.syncDuty(poolUnitId);
  }

  async accept(call: LiveCall, from: Endpoint): Promise<void> {
    const leg = call.pool!;
    if (from.party.kind !== 'staff') {
      unknownCall(this.#ctx, from.id);
      return;
    }
    const staffId = from.party.id;
    if (leg.pendingAccept.has(staffId)) return;
    const nwCallId = leg.nwCallId;
    leg.pendingAccept.set(staffId, from);
    const at = new Date(this.#ctx.clock.now());
    if (!(await claimNightWatchCall(this.#ctx.db, { callId: nwCallId, staffId, at }))) {
      leg.pendingAccept.delete(staffId);
      return this.#lost(call, from, nwCallId);
    }
    this.#handle(
      await this.#router(leg.poolUnitId),
      { type: 'member_accepted', callId: nwCallId, staffId },
      'taken_by_another',
    );
  }

  /** The console that lost the race hears who won (once: the winner's effects may have told it already). */
  async #lost(call: LiveCall, from: Endpoint, nwCallId: string): Promise<void> {
    if (!call.ringing.delete(from.id)) return;
    call.released.add(from.id);
    // In the snapshot before the console is told (issue 14 §4): an adopting node knows its presses are late.
    this.#ctx.store.update(call);
    const name = await winnerOf(this.#ctx.db, nwCallId);
    if (name)
      this.#ctx.send(from.id, {
        v,
        type: 'call.taken',
        callId: call.callId,
        byDisplayName: name.slice(0, 80),
      });
    this.#ctx.send(from.id, { v, type: 'call.ended', callId: call.callId, reason: 'taken_by_another' });
  }

  decline(call: LiveCall, from: Endpoint): void {
    const leg = call.pool!;
    if (from.party.kind !== 'staff') {
      unknownCall(this.#ctx, from.id);
      return;
    }
    void this.#router(leg.poolUnitId).then((router) =>
      this.#handle(
        router,
        { type: 'member_declined', callId: leg.nwCallId, staffId: from.party.id },
        'declined',
      ),
    );
  }

  /** A pool call ended (hang-up, lost link, revoked): free the member, or tell the router the caller gave up. */
  ended(call: LiveCall, reason: EndReason): void {
    const leg = call.pool;
    if (!leg) return;
    this.#byLeg.delete(leg.nwCallId);
    this.#origin.delete(call.callId);
    const answerer = call.answerer?.endpoint.party;
    // The call may have been all that kept its member reachable, with their console away (pool-presence.ts).
    if (answerer) this.#presence.callEnded();
    void this.#router(leg.poolUnitId).then((router) => {
      if (answerer?.kind === 'staff')
        this.#handle(router, { type: 'member_free', staffId: answerer.id }, 'no_answer');
      else
        this.#handle(
          router,
          { type: 'caller_hung_up', callId: leg.nwCallId },
          reason === 'hung_up' ? 'hung_up' : reason,
        );
    });
  }

  /**
   * Forget every pool's calls and members and stop their timers (the calls were released to another node,
   * router.ts release): the routers load afresh on next use.
   */
  reset(): void {
    for (const [poolUnitId, router] of this.#routers) {
      void router.then((r) => r.stop()).catch(() => undefined);
      // This node's part of the visible queue goes: a rejoining node must not show calls it let go.
      this.#board.set(poolUnitId, []);
    }
    this.#routers.clear();
    this.#byLeg.clear();
    this.#origin.clear();
  }

  /** Used by: GET /api/night-watch/pools/:id/queue (every node's queued calls, pool-queue.ts). */
  queueOf(poolUnitId: string): Promise<QueuedCall[]> {
    return this.#board.read(poolUnitId);
  }

  /** Used by: the call router's hello and endpointClosed (pool-presence.ts). */
  presenceChanged(): void {
    this.#presence.presenceChanged();
  }

  /** Used by: the call router, once at start (pool-presence.ts `primeSeen`). */
  primeSeen(): Promise<void> {
    return this.#presence.primeSeen();
  }

  /** Used by: the call router's hello from a staff member's console (pool-presence.ts `consoleOpened`). */
  consoleOpened(staffId: string): void {
    this.#presence.consoleOpened(staffId);
  }

  /** A member who lost access (disabled) stops ringing in every pool at once. */
  memberGone(staffId: string): void {
    this.#presence.memberGone(staffId);
  }

  /** Used by: the care API's console switch (pool-presence.ts `consoleHandover`). */
  consoleHandover(handover: ConsoleHandover): void {
    this.#presence.consoleHandover(handover);
  }

  #escalate(call: LiveCall, e: Extract<RouterEffect, { type: 'escalate' }>): void {
    const leg = call.pool!;
    const to = e.to;
    const status = to.kind === 'none' ? 'missed' : 'escalated';
    void this.#status(call, {
      callId: e.callId,
      status,
      reason: e.reason,
      ...(to.kind === 'pool' ? { escalatedToPoolUnitId: to.poolUnitId } : {}),
    });
    this.#byLeg.delete(e.callId);
    if (to.kind === 'pool' && leg.hops < MAX_FALLBACK_HOPS && !call.machine.ended) {
      leg.hops += 1;
      void this.#enter(call, to.poolUnitId).catch((error: unknown) => {
        this.#ctx.log.error({ err: error, callId: call.callId }, 'night-watch fallback failed');
        this.#ctx.transition(call, { type: 'end', reason: 'failed' });
      });
      return;
    }
    // The resident is told at once; the number lookup must not hold up the ring's end, nor fail it.
    const pools = [leg.poolUnitId, this.#origin.get(call.callId) ?? leg.poolUnitId];
    call.callerTold = true;
    this.#ctx.transition(call, { type: 'end', reason: 'no_answer' });
    void fallbackPhoneOf(this.#ctx.db, pools)
      .catch((error: unknown) => {
        this.#ctx.log.error({ err: error, callId: call.callId }, 'fallback number lookup failed');
        return null;
      })
      .then((phone) =>
        // The care core's plain words, e.g. the switchboard number to ring instead, and the number itself.
        this.#ctx.refuse(
          call.callerEndpoint,
          call.requestId,
          'nobody_on_duty',
          e.message.da,
          { municipalityId: call.municipalityId, to: call.target, detail: e.reason },
          { fallbackPhone: phone ?? undefined },
        ),
      );
  }

  async #status(call: LiveCall, update: Parameters<typeof setNightWatchCallStatus>[1]): Promise<void> {
    await setNightWatchCallStatus(this.#ctx.db, update).catch((error: unknown) =>
      this.#ctx.log.error({ err: error, callId: call.callId }, 'night-watch call status failed'),
    );
  }
}
