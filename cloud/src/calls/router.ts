import type { Clock, ClockTimer, EndReason } from '@screenvisit/protocol';
import { createPermissionService } from '../care/index.js';
import type { Db } from '../db/index.js';
import type { Logger } from '../kernel/logger.js';
import type { CitizenWaker, ConsoleHandover, MakeLimiter, StaffAlerts } from '../kernel/ports.js';
import type { ConnectionOwner, ConnectionRegistry } from '../realtime/registry.js';
import type { DeviceIce } from '../realtime/sender.js';
import { acceptCall, declineCall, hangupCall } from './answer.js';
import type { CallState } from './call-machine.js';
import { type CallStore, createMemoryCallStore } from './call-store.js';
import { type CallContext, createContext, v } from './context.js';
import { adoptCalls, type CallSnapshot } from './handover.js';
import { createIceRequestLimit, refreshIce } from './ice-refresh.js';
import { consoleOf } from './night-watch/console-sockets.js';
import { Pools } from './night-watch/pool-calls.js';
import type { PoolQueueBoard, QueuedCall } from './night-watch/pool-queue.js';
import { endpointsOf, placeCall } from './place.js';
import { endpointClosed, hello } from './reconnect.js';
import { relay } from './relay.js';
import type { CallMessage, CallSender, Endpoint, LiveCall } from './types.js';

export interface CallRouterOptions {
  readonly db: Db;
  readonly log: Logger;
  readonly clock: Clock;
  readonly registry: ConnectionRegistry;
  readonly sender: CallSender;
  readonly store?: CallStore;
  readonly ringTimeoutMs: number;
  readonly reconnectGraceMs: number;
  /** Re-ask the permission service for every live call this often (a relation closed mid-call); 0 = never. */
  readonly permissionRecheckMs: number;
  /** Web Push for citizens whose page is closed (push/, via kernel/ports.ts); absent: only open pages and kiosks ring. */
  readonly waker?: CitizenWaker;
  /** Texts a pool's responsible person when nobody on duty is reachable (delivery/, via kernel/ports.ts). */
  readonly alerts?: StaffAlerts;
  /** Pools' queues across nodes (calls/night-watch/redis-pool-queue.ts); absent: this node's memory. */
  readonly queueBoard?: PoolQueueBoard;
  /** One claim across nodes (context.ts); absent: one node. */
  readonly claimOnce?: (key: string, ttlMs: number) => Promise<boolean>;
  /**
   * After start, every pool with someone on duty is checked once this much later (0 = never), so a pool whose
   * consoles never come back after a restart is raised even if no console connects at all. The operator's
   * setting NIGHT_WATCH_STARTUP_CHECK_SECONDS (kernel/config.ts, default 60 s).
   */
  readonly startupPresenceCheckMs: number;
  /** A kiosk's STUN/TURN, issued now (kiosk.ts deviceIceFor): answers `rtc.config.request`; absent: not answered. */
  readonly deviceIce?: DeviceIce;
  /**
   * Where the per-kiosk limit on `rtc.config.request` counts (ice-refresh.ts): Redis with REDIS_URL
   * (cluster/limiters.ts); absent: this process's memory. The limit applies either way.
   */
  readonly limiters?: MakeLimiter;
}

/**
 * THE call router (issue 5 "Signalling and media" 1, 3-5), fed by both transports through the one dispatcher
 * (realtime/dispatch: browser WebSocket frames and, via calls/kiosk.ts, kiosk MQTT sig/up). It never throws into a transport: a failing step is
 * logged and the sender gets `error internal`.
 */
export interface CallRouter {
  /** Used by: realtime/dispatch (both transports). */
  handle(from: Endpoint, message: CallMessage): Promise<void>;
  /** `hello` on a WebSocket (with the old connection's resume token) or a kiosk's MQTT (re)connect. */
  hello(from: Endpoint, resumeToken?: string): void;
  /** A WebSocket closed or a kiosk went offline. */
  endpointClosed(endpointId: string): void;
  /** Ends every live call of a person or device now (deactivation, relation closed); returns how many. */
  endCallsOf(owner: ConnectionOwner, reason: EndReason): number;
  /** Used by: the care API after someone goes on or off duty, so queued calls ring the newcomer. */
  dutyChanged(poolUnitId: string): Promise<void>;
  /**
   * Whether a staff member has a night-watch console connected now (console-sockets.ts; a day page is none): on
   * duty counts only when reachable (issue 10 §2).
   */
  reachable(staffId: string): boolean;
  /** Whether a citizen has a page or a lent kiosk connected now (the day plan's "online"). */
  citizenReachable(citizenId: string): Promise<boolean>;
  /** The calls waiting in a pool's queue on every node, head first (the night-watch console's queue). */
  queueOf(poolUnitId: string): Promise<QueuedCall[]>;
  /** Used by: the care API's console switch, before the duty passes (pool-presence.ts `consoleHandover`). */
  consoleHandover(handover: ConsoleHandover): void;
  /**
   * Every pool's members brought in line with who is reachable and free now. Used by: calls/cluster.ts, when a
   * member answered or ended a call on another node (a member busy there is not rung here).
   */
  presenceChanged(): void;
  /** One pass of the permission re-check (the timer runs it; tests call it). */
  recheckPermissions(): Promise<number>;
  liveCalls(): { callId: string; state: CallState }[];
  /**
   * Whether a kiosk (re)connecting now has anything to hear from `hello`: a call live on this node, or the held
   * end of its own call (context.ts). Used by: kiosk.ts, which skips the citizen lookup otherwise (issue 14).
   */
  awaits(endpointId: string): boolean;
  /**
   * Continues the calls of a node that is gone (calls/handover.ts); `isHere(endpointId)`: connected to a live
   * node now. Used by: calls/cluster.ts.
   */
  adopt(snapshots: readonly CallSnapshot[], isHere: (endpointId: string) => boolean): void;
  /**
   * This node is drained: its calls stop here WITHOUT ending (timers cleared, nobody told, nothing recorded),
   * because another node adopts them from their snapshots. Returns how many. Used by: calls/cluster.ts.
   */
  release(): number;
  /**
   * After release() because this node was fenced (it lost its cluster liveness, realtime/cluster/bus.ts): it
   * routes calls again, with empty pools. Used by: calls/cluster.ts when the node rejoins.
   */
  resume(): void;
  close(): void;
}

export function createCallRouter(options: CallRouterOptions): CallRouter {
  const log = options.log;
  const ctx: CallContext = createContext({
    ...options,
    store: options.store ?? createMemoryCallStore(),
    permissions: createPermissionService({ db: options.db, clock: options.clock }),
    iceRequests: createIceRequestLimit(options.limiters),
  });
  const pools = new Pools(ctx);
  ctx.onEnded = (call, reason) => pools.ended(call, reason);

  const involves = (call: LiveCall, owner: ConnectionOwner) => {
    if (owner.kind === 'device') {
      const id = `device:${owner.id}`;
      return (
        call.callerEndpoint.id === id ||
        call.answerer?.endpoint.id === id ||
        (call.target.kind === 'device' && call.target.id === owner.id)
      );
    }
    const is = (p: { kind: string; id: string } | undefined) => p?.kind === owner.kind && p.id === owner.id;
    return (
      is(call.caller) || is(call.answerer?.endpoint.party) || (!call.pool && !call.group && is(call.target))
    );
  };

  let recheck: ClockTimer | undefined;
  let closed = false;
  const recheckPermissions = async () => {
    let ended = 0;
    for (const call of ctx.store.all()) {
      const decision = await ctx.permissions.decide(call.municipalityId, call.attempt);
      if (!decision.allowed && !call.machine.ended) {
        log.info({ callId: call.callId, detail: decision.detail }, 'permission gone mid-call');
        if (ctx.transition(call, { type: 'end', reason: 'permission_revoked' })) ended += 1;
      }
    }
    return ended;
  };
  const schedule = () => {
    if (closed || options.permissionRecheckMs <= 0) return;
    recheck = options.clock.setTimeout(() => {
      recheckPermissions()
        .catch((error: unknown) => log.error({ err: error }, 'permission re-check failed'))
        .finally(schedule);
    }, options.permissionRecheckMs);
  };
  schedule();
  // Who has a console now, so a console closing before this node's first check still gets its reconnect grace.
  void pools
    .primeSeen()
    // A node closed right after start may find its database gone under the read: nothing to report then.
    .catch((error: unknown) => {
      if (!closed) log.error({ err: error }, 'night-watch presence priming failed');
    });
  // Issue 10 §2: presence changes are what re-check the pools; a restarted node with nobody connecting has none,
  // so it looks once by itself.
  const startupCheckMs = options.startupPresenceCheckMs;
  const startupCheck =
    startupCheckMs > 0 ? options.clock.setTimeout(() => pools.presenceChanged(), startupCheckMs) : undefined;

  return {
    async handle(from, message) {
      try {
        switch (message.type) {
          case 'call.place':
            return await placeCall(ctx, pools, from, message);
          case 'call.accept':
            return await acceptCall(ctx, pools, from, message.callId);
          case 'call.decline':
            return declineCall(ctx, pools, from, message.callId);
          case 'call.hangup':
            return hangupCall(ctx, pools, from, message.callId, message.reason);
          case 'rtc.offer':
          case 'rtc.answer':
          case 'rtc.ice':
            return relay(ctx, from, message);
          case 'rtc.config.request':
            return await refreshIce(ctx, from, message);
          default: {
            const unhandled: never = message;
            throw new Error(`unhandled call message ${(unhandled as { type: string }).type}`);
          }
        }
      } catch (error) {
        log.error({ err: error, endpoint: from.id, type: message.type }, 'call step failed');
        ctx.send(from.id, { v, type: 'error', code: 'internal', message: 'Something went wrong.' });
      }
    },
    hello: (from, resumeToken) => {
      hello(ctx, from, resumeToken);
      if (from.owner.kind !== 'staff') return;
      // A night-watch call ringing this member (held in the ring while their console reloaded, or rung while
      // this tab was closed) rings here too: pool calls ring by roster, not by ringLate (reconnect.ts). Only at a
      // night-watch console (console-sockets.ts): a day page is never rung for one. Its registry entry is there
      // before its hello, on every node (bus.ts: one connection, one order).
      if (consoleOf(options.registry, from.owner.id).includes(from.id)) pools.consoleOpened(from.owner.id);
      // Any staff socket re-checks the pools (a node started with people on duty learns of them here too).
      pools.presenceChanged();
    },
    endpointClosed: (endpointId) => {
      endpointClosed(ctx, endpointId);
      if (endpointId.startsWith('device:')) return;
      pools.presenceChanged();
    },
    reachable: (staffId) => consoleOf(options.registry, staffId).length > 0,
    citizenReachable: async (citizenId) =>
      (await endpointsOf(ctx, { kind: 'citizen', id: citizenId }, null)).length > 0,
    endCallsOf(owner, reason) {
      let ended = 0;
      for (const call of ctx.store.all())
        if (involves(call, owner) && ctx.transition(call, { type: 'end', reason })) ended += 1;
      if (owner.kind === 'staff') pools.memberGone(owner.id);
      return ended;
    },
    dutyChanged: (poolUnitId) => pools.syncDuty(poolUnitId),
    presenceChanged: () => pools.presenceChanged(),
    queueOf: (poolUnitId) => pools.queueOf(poolUnitId),
    consoleHandover: (handover) => pools.consoleHandover(handover),
    recheckPermissions,
    liveCalls: () => ctx.store.all().map((c) => ({ callId: c.callId, state: c.machine.state })),
    awaits: (endpointId) => ctx.store.all().length > 0 || ctx.holds(endpointId),
    adopt: (snapshots, isHere) => void adoptCalls(ctx, pools, snapshots, isHere),
    release() {
      ctx.freeze();
      const calls = ctx.store.all();
      for (const call of calls) {
        for (const timer of Object.values(call.timers)) options.clock.clearTimeout(timer);
        call.timers = {};
      }
      ctx.store.release();
      // The pools' rings and deadlines for those calls stop too: the adopting node runs them now.
      pools.reset();
      return calls.length;
    },
    resume: () => ctx.thaw(),
    close() {
      closed = true;
      if (recheck !== undefined) options.clock.clearTimeout(recheck);
      if (startupCheck !== undefined) options.clock.clearTimeout(startupCheck);
      for (const call of ctx.store.all()) ctx.transition(call, { type: 'end', reason: 'failed' });
    },
  };
}
