import { randomUUID } from 'node:crypto';
import type { CallPlace, EndReason } from '@screenvisit/protocol';
import type { z } from 'zod';
import {
  type CallAttempt,
  claimNightWatchCall,
  createNightWatchCall,
  fallbackPhoneOf,
  loadPoolRouting,
  NightWatchRouter,
  type RouterEffect,
  type RouterEvent,
  ringPlaceOf,
  setNightWatchCallStatus,
  whoIsOnDuty,
} from '../../care/index.js';
import { connected } from '../answer.js';
import { type CallContext, unknownCall, v } from '../context.js';
import type { Person } from '../parties.js';
import { winnerOf } from '../parties.js';
import { newCall, offer } from '../place.js';
import type { Endpoint, LiveCall } from '../types.js';
import { PoolReachability } from './pool-reachability.js';

/** A call waiting in a pool's queue; `waitingSince` is epoch milliseconds of the clock. */
export interface QueuedCall {
  callId: string;
  citizenId: string;
  waitingSince: number;
  position: number;
}

/** A call falls back to another pool at most this many times (a misconfigured ring of pools must end). */
const MAX_HOPS = 2;

/**
 * Night-watch calls (issue 4 §3, issue 5): the care core's NightWatchRouter decides whom to ring and when to
 * escalate; this turns its effects into messages. One router per pool on this node, fed with the members who
 * are on duty (the database) AND have a console connected (the registry): ringing nobody helps no one.
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
  readonly #reachability: PoolReachability;

  constructor(ctx: CallContext) {
    this.#ctx = ctx;
    this.#reachability = new PoolReachability({
      db: ctx.db,
      log: ctx.log,
      now: () => ctx.clock.now(),
      alerts: ctx.alerts,
    });
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
            onEffects: (effects) => this.#apply(effects),
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
      this.#apply(router.handle(event));
    } finally {
      this.#stopReason = 'no_answer';
    }
  }

  /** Used by: placing a pool call, and the care API after on/off duty (router.dutyChanged). */
  async syncDuty(poolUnitId: string): Promise<void> {
    const router = await this.#router(poolUnitId);
    // On duty means reachable (issue 10 §2): a member counts only while a console of theirs is connected.
    const everyone = await whoIsOnDuty(this.#ctx.db, poolUnitId);
    const onDuty = everyone.filter(
      (m) => this.#ctx.registry.connectionsOf({ kind: 'staff', id: m.staffId }).length > 0,
    );
    void this.#reachability
      .update(
        poolUnitId,
        everyone.map((m) => m.staffId),
        onDuty.map((m) => m.staffId),
      )
      .catch((error: unknown) =>
        this.#ctx.log.error({ err: error, poolUnitId }, 'reachability alert failed'),
      );
    const present = new Set(router.snapshot().members.map((m) => m.staffId));
    const wanted = new Set(onDuty.map((m) => m.staffId));
    for (const m of onDuty)
      if (!present.has(m.staffId))
        this.#handle(
          router,
          {
            type: 'member_on_duty',
            staffId: m.staffId,
            displayName: m.displayName,
            idleSince: m.idleSince.getTime(),
          },
          'no_answer',
        );
    for (const staffId of present)
      if (!wanted.has(staffId)) this.#handle(router, { type: 'member_off_duty', staffId }, 'no_answer');
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
   * The visible queue (issue 4 §3): the pool's calls waiting for a free member, head first. Read from this
   * node's live router; a pool without a router here has no live calls here. With two nodes this moves to
   * the shared CallStore (every node's queued calls), like the other cross-node call state.
   * Used by: GET /api/night-watch/pools/:id/queue.
   */
  async queueOf(poolUnitId: string): Promise<QueuedCall[]> {
    const router = this.#routers.get(poolUnitId);
    if (!router) return [];
    return (await router).snapshot().queue.map((q) => ({
      callId: this.#byLeg.get(q.callId)?.callId ?? q.callId,
      citizenId: q.citizenId,
      waitingSince: q.since,
      position: q.position,
    }));
  }

  /**
   * A staff console connected or its last socket closed (browser shut, network lost, laptop asleep: the
   * heartbeat cuts a silent socket). Every pool this node routes is brought in line at once, so a ringing call
   * moves on to a reachable member or escalates instead of ringing a closed console (issue 10 §2).
   * Used by: the call router's hello and endpointClosed.
   */
  presenceChanged(): void {
    for (const poolUnitId of this.#routers.keys())
      void this.syncDuty(poolUnitId).catch((error: unknown) =>
        this.#ctx.log.error({ err: error, poolUnitId }, 'night-watch presence sync failed'),
      );
  }

  /** A member who lost access (disabled) stops ringing in every pool at once. */
  memberGone(staffId: string): void {
    for (const router of this.#routers.values())
      void router.then((r) => this.#handle(r, { type: 'member_off_duty', staffId }, 'permission_revoked'));
  }

  #apply(effects: RouterEffect[]): void {
    const taken = new Map<string, string>();
    const connecting = new Set<string>();
    for (const e of effects) {
      if (e.type === 'taken') for (const id of e.staffIds) taken.set(id, e.byDisplayName);
      if (e.type === 'connect') connecting.add(e.staffId);
    }
    for (const e of effects) {
      const call = 'callId' in e ? this.#byLeg.get(e.callId) : undefined;
      if (e.type === 'queued' || e.type === 'queue_changed') {
        this.#ctx.log.info({ effect: e.type }, 'night-watch queue changed');
        continue;
      }
      if (!call) continue;
      this.#effect(call, e, taken, connecting);
    }
  }

  #effect(call: LiveCall, e: RouterEffect, taken: Map<string, string>, connecting: Set<string>): void {
    const ctx = this.#ctx;
    const { callId } = call;
    switch (e.type) {
      case 'ring':
        for (const staffId of e.staffIds)
          for (const id of ctx.registry.connectionsOf({ kind: 'staff', id: staffId }))
            offer(
              ctx,
              call,
              { id, owner: { kind: 'staff', id: staffId }, party: { kind: 'staff', id: staffId } },
              call.pool?.place || 'Nattevagt',
            );
        return;
      case 'stop_ringing':
        for (const endpoint of [...call.ringing.values()]) {
          const staffId = endpoint.party.id;
          if (!e.staffIds.includes(staffId)) continue;
          call.ringing.delete(endpoint.id);
          const name = taken.get(staffId);
          if (name)
            ctx.send(endpoint.id, { v, type: 'call.taken', callId, byDisplayName: name.slice(0, 80) });
          const reason = name || connecting.has(staffId) ? 'taken_by_another' : this.#stopReason;
          ctx.send(endpoint.id, { v, type: 'call.ended', callId, reason });
        }
        return;
      case 'connect': {
        const endpoint = call.pool?.pendingAccept.get(e.staffId);
        call.pool?.pendingAccept.delete(e.staffId);
        if (!endpoint) return;
        call.answerer = { endpoint, displayName: null };
        call.ringing.delete(endpoint.id);
        if (!ctx.transition(call, { type: 'accept' })) return;
        connected(ctx, call);
        // The same member's other consoles stop ringing.
        for (const other of [...call.ringing.values()])
          if (other.party.id === e.staffId) {
            call.ringing.delete(other.id);
            ctx.send(other.id, { v, type: 'call.ended', callId, reason: 'taken_by_another' });
          }
        return;
      }
      case 'accept_refused': {
        const endpoint = call.pool?.pendingAccept.get(e.staffId);
        call.pool?.pendingAccept.delete(e.staffId);
        if (!endpoint) return;
        if (e.reason === 'already_taken') void this.#lost(call, endpoint, call.pool!.nwCallId);
        else unknownCall(ctx, endpoint.id);
        return;
      }
      case 'escalate': {
        this.#escalate(call, e);
        return;
      }
      case 'record_missed':
        if (e.reason === 'caller_hung_up')
          void this.#status(call, { callId: e.callId, status: 'missed', reason: e.reason });
        return;
      case 'taken':
      case 'queued':
      case 'queue_changed':
        return;
    }
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
    if (to.kind === 'pool' && leg.hops < MAX_HOPS && !call.machine.ended) {
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
          phone ?? undefined,
        ),
      );
  }

  async #status(call: LiveCall, update: Parameters<typeof setNightWatchCallStatus>[1]): Promise<void> {
    await setNightWatchCallStatus(this.#ctx.db, update).catch((error: unknown) =>
      this.#ctx.log.error({ err: error, callId: call.callId }, 'night-watch call status failed'),
    );
  }
}
