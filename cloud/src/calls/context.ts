import {
  type Clock,
  type EndReason,
  type PartyRef,
  type RefusalCode,
  type ServerMessage,
  SIGNALLING_VERSION,
} from '@screenvisit/protocol';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { PermissionService } from '../care/index.js';
import { appendAudit, type Db } from '../db/index.js';
import type { Logger } from '../kernel/logger.js';
import type { CitizenWaker, StaffAlerts } from '../kernel/ports.js';
import type { SendOptions } from '../realtime/locked-view.js';
import type { ConnectionRegistry } from '../realtime/registry.js';
import type { DeviceIce } from '../realtime/sender.js';
import type { CallEvent, CallEventType } from './call-machine.js';
import type { CallStore } from './call-store.js';
import type { PoolQueueBoard } from './night-watch/pool-queue.js';
import { writeCallRecord } from './records.js';
import type { CallSender, Endpoint, LiveCall } from './types.js';

export interface CallRouterDeps {
  readonly db: Db;
  readonly log: Logger;
  readonly clock: Clock;
  readonly registry: ConnectionRegistry;
  readonly sender: CallSender;
  readonly permissions: PermissionService;
  readonly store: CallStore;
  /** A call nobody answers ends `no_answer` after this long (night-watch pools use their own settings). */
  readonly ringTimeoutMs: number;
  /** How long a party who lost their link may take to come back into the same call. */
  readonly reconnectGraceMs: number;
  /** Wakes a citizen's sleeping browsers (Web Push, behind kernel/ports.ts); absent: only open pages ring. */
  readonly waker?: CitizenWaker;
  /** Texts the responsible person when a night-watch pool has nobody reachable; absent: logged and audited only. */
  readonly alerts?: StaffAlerts;
  /** Where pools' queues are shown from (every node's, with Redis); absent: this node's memory. */
  readonly queueBoard?: PoolQueueBoard;
  /**
   * True for the first node to claim `key` within `ttlMs` (Redis SET NX), so an alert every node notices at
   * once goes out once; absent: one node, always true.
   */
  readonly claimOnce?: (key: string, ttlMs: number) => Promise<boolean>;
  /**
   * Whether this node lost its cluster liveness (realtime/cluster/bus.ts FENCING). Asked before every transition
   * and send: a node frozen past the TTL may run a due timer (a ring timeout, an escalation) before its watchdog;
   * asking fences it at once, which releases its calls, so the timer acts on nothing another node now owns.
   * Absent: one node, never fenced.
   */
  readonly fenced?: () => boolean;
  /** A kiosk's STUN/TURN issued now, for its `rtc.config.request` (ice-refresh.ts); absent: not answered. */
  readonly deviceIce?: DeviceIce;
  /** Counts each kiosk's `rtc.config.request`s (ice-refresh.ts createIceRequestLimit). */
  readonly iceRequests: RateLimiterAbstract;
}

/** What every part of the router shares: its deps and the few steps they all take. */
export interface CallContext extends CallRouterDeps {
  send(endpointId: string, message: ServerMessage, options?: SendOptions): void;
  /** Fires the machine; on success runs that transition's executor. Refused transitions are logged only. */
  transition(call: LiveCall, event: CallEvent): boolean;
  refuse(
    from: Endpoint,
    requestId: string,
    code: RefusalCode,
    message: string,
    audit: RefusalAudit,
    extra?: {
      /** The night watch's fallback number (issue 10 §4), shown large on kiosk and BYOD. */
      readonly fallbackPhone?: string | undefined;
      /** outside_time_window: when the caller's next window opens (care/time/windows.ts nextWindowStart). */
      readonly nextAllowedAt?: Date | undefined;
    },
  ): void;
  /**
   * The node's calls were handed over (drain): from now on no transition runs here, so a late timer of this
   * node's pool routers cannot end or ring a call another node continues.
   */
  freeze(): void;
  /** After a fence (realtime/cluster/bus.ts): this node routes calls again, from a clean slate. */
  thaw(): void;
  /** Drained or fenced (asking fences a node whose lease went stale): act on no call. */
  standsDown(): boolean;
  /**
   * A kiosk that was away when its call was refused or ended (its link was on a node that died, or dropped) is
   * told on its return: reconnect.ts hello. Used by: reconnect.ts.
   */
  deliverHeld(endpoint: Endpoint): void;
  /** Whether something is held for this endpoint (so its return must say hello). Used by: router.ts. */
  holds(endpointId: string): boolean;
  /** Told when a pool call ends, so the night-watch router frees the member or records the miss. */
  onEnded?: (call: LiveCall, reason: EndReason) => void;
}

export interface RefusalAudit {
  municipalityId: string | null;
  to: PartyRef;
  detail?: string;
}

export const v = SIGNALLING_VERSION;
export const refOf = (endpoint: Endpoint): PartyRef => ({ kind: endpoint.party.kind, id: endpoint.party.id });
export const unknownCall = (ctx: CallContext, endpointId: string) =>
  ctx.send(endpointId, { v, type: 'error', code: 'unknown_call', message: 'There is no such call.' });

/** One executor per transition (style.md item 5): adding an event without its executor does not compile. */
type Executors = {
  [E in CallEventType]: (ctx: CallContext, call: LiveCall, event: Extract<CallEvent, { type: E }>) => void;
};

const executors: Executors = {
  accept(ctx, call) {
    clear(ctx, call, 'ring');
    call.answerAt = ctx.clock.now();
  },
  negotiate() {},
  establish(ctx, call) {
    // Issue 13: only a call that reached in_call counts as connected; a resumed call keeps its first time.
    call.connectedAt ??= ctx.clock.now();
  },
  drop(ctx, call) {
    clear(ctx, call, 'grace');
    call.timers.grace = ctx.clock.setTimeout(() => {
      delete call.timers.grace;
      ctx.transition(call, { type: 'end', reason: 'failed' });
    }, ctx.reconnectGraceMs);
  },
  resume(ctx, call) {
    clear(ctx, call, 'grace');
  },
  end(ctx, call, { reason }) {
    clear(ctx, call, 'ring');
    clear(ctx, call, 'grace');
    ctx.store.remove(call.callId);
    // Guaranteed hang-up (issue 5 §3): every endpoint still attached hears the end; nothing relays afterwards
    // because the call has left the store, and no endpoint can rejoin it.
    const ended: ServerMessage = { v, type: 'call.ended', callId: call.callId, reason };
    const targets = new Set([...(call.callerTold ? [] : [call.callerEndpoint.id]), ...call.ringing.keys()]);
    if (call.answerer) targets.add(call.answerer.endpoint.id);
    call.ringing.clear();
    for (const id of targets) ctx.send(id, ended);
    ctx.onEnded?.(call, reason);
    writeCallRecord(ctx, call, reason);
  },
};

function clear(ctx: CallContext, call: LiveCall, timer: keyof LiveCall['timers']): void {
  const handle = call.timers[timer];
  if (handle === undefined) return;
  ctx.clock.clearTimeout(handle);
  delete call.timers[timer];
}

/**
 * How long the end of a call is kept for a kiosk that was away (issue 14 §4): the kiosk gives up on a call by
 * itself after 2 minutes, so later news is of no use to it.
 */
export const HELD_FOR_KIOSK_MS = 120_000;
const HELD_MAX = 10_000;

export function createContext(deps: CallRouterDeps): CallContext {
  let frozen = false;
  /** Handed over (drain) or fenced: this node acts on no call. `fenced()` first, so a stale lease fences now. */
  const standsDown = () => (deps.fenced?.() ?? false) || frozen;
  /**
   * INVARIANT: only a call's last word (`call.refused`, `call.ended`) is held for a kiosk that is offline, never
   * a ring or an offer (the sender drops those on purpose, realtime/sender.ts): a kiosk that comes back learns
   * how its call ended (e.g. the night watch's fallback number after an escalation on the node that adopted
   * it), and never starts ringing for a call that is over. The kiosk agent ignores news of a call not its own.
   */
  const held = new Map<string, { at: number; messages: ServerMessage[] }>();
  const hold = (endpointId: string, message: ServerMessage) => {
    const now = deps.clock.now();
    for (const [id, entry] of held) {
      if (entry.at > now - HELD_FOR_KIOSK_MS && held.size < HELD_MAX) break;
      held.delete(id);
    }
    const entry = held.get(endpointId) ?? { at: now, messages: [] };
    entry.messages.push(message);
    held.delete(endpointId);
    held.set(endpointId, { at: now, messages: entry.messages.slice(-4) });
  };
  const kioskAway = (endpointId: string) =>
    endpointId.startsWith('device:') &&
    deps.registry.connectionsOf({ kind: 'device', id: endpointId.slice('device:'.length) }).length === 0;
  const ctx: CallContext = {
    ...deps,
    send: (endpointId, message, options) => {
      if (standsDown()) return;
      if ((message.type === 'call.refused' || message.type === 'call.ended') && kioskAway(endpointId))
        return hold(endpointId, message);
      deps.sender.send(endpointId, message, options);
    },
    holds: (endpointId) => held.has(endpointId),
    deliverHeld(endpoint) {
      const entry = held.get(endpoint.id);
      if (!entry) return;
      held.delete(endpoint.id);
      if (entry.at <= deps.clock.now() - HELD_FOR_KIOSK_MS) return;
      ctx.log.info(
        { endpoint: endpoint.id, messages: entry.messages.length },
        'kiosk back: told how its call ended',
      );
      for (const message of entry.messages) ctx.send(endpoint.id, message);
    },
    freeze: () => {
      frozen = true;
    },
    thaw: () => {
      frozen = false;
    },
    standsDown,
    transition(call, event) {
      if (standsDown() || !call.machine.fire(event)) return false;
      (executors[event.type] as (c: CallContext, l: LiveCall, e: CallEvent) => void)(ctx, call, event);
      // Other nodes see the new state (busy checks); an ended call has left the store already.
      if (!call.machine.ended) deps.store.update(call);
      return true;
    },
    refuse(from, requestId, code, message, audit, extra = {}) {
      // Audited with ids and the reason only (issue 4 §5): who tried to call whom, and why it was refused.
      // The entry is written BEFORE the caller hears of the refusal, so every refusal a client saw is on record.
      void appendAudit(deps.db, {
        municipalityId: audit.municipalityId,
        at: new Date(deps.clock.now()),
        actorKind: from.owner.kind,
        actorId: from.owner.id,
        action: 'call.refused',
        targetKind: audit.to.kind,
        targetId: audit.to.id,
        details: { reason: code, ...(audit.detail ? { detail: audit.detail } : {}), party: from.party.id },
      })
        .catch((error: unknown) => deps.log.error({ err: error }, 'call refusal audit failed'))
        .finally(() =>
          ctx.send(from.id, {
            v,
            type: 'call.refused',
            requestId,
            code,
            message,
            ...(extra.fallbackPhone ? { fallbackPhone: extra.fallbackPhone } : {}),
            ...(extra.nextAllowedAt ? { nextAllowedAt: extra.nextAllowedAt.toISOString() } : {}),
          }),
        );
    },
  };
  return ctx;
}
