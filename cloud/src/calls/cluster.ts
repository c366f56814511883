import { ClientMessage, type Clock, EndReason } from '@screenvisit/protocol';
import { z } from 'zod';
import type { Logger } from '../kernel/logger.js';
import type { ClusterBus } from '../realtime/cluster/bus.js';
import type { ConnectionRegistry } from '../realtime/registry.js';
import { EndpointSchema } from './handover.js';
import type { RedisCallStore } from './redis-call-store.js';
import type { CallRouter } from './router.js';
import type { CallMessage, Endpoint } from './types.js';

/** A router across nodes can also hand this node's calls over (a drain). */
export interface ClusterCallRouter extends CallRouter {
  /**
   * Before this node stops (SIGTERM after the HAProxy drain): when another node is alive, its calls are released
   * here and that node adopts them at once (calls/handover.ts) instead of their ending `failed` with the node.
   * Returns how many were handed over (0 with no other node: they end on close, as on a single node).
   */
  handOver(): number;
}

/** Hellos kept this long, to be replayed onto calls adopted later (a party may be back before its node is missed). */
const HELLO_MEMORY_MS = 120_000;
const HELLO_MEMORY_MAX = 5_000;

/**
 * The call router across nodes (issue 14 §2). Every call has a home node (where it was placed, which holds its
 * machine and timers); this wraps a node's own router so that:
 * - a message about a call homed elsewhere (accept, decline, hang-up, rtc.*) is handed to its home node, which
 *   handles it exactly as if it had arrived there; replies reach the endpoint through the sender, which
 *   forwards to whichever node the endpoint is on. The night watch's first accept therefore runs on ONE node,
 *   behind claimNightWatchCall's conditional UPDATE, and the losing consoles on every node hear `call.taken`;
 * - what concerns calls anywhere (a tab or kiosk said hello or went away, a person's calls must end, a pool's
 *   duty changed) is applied here and on every other node, each to its own calls and pool routers;
 * - a member answering or ending a call homed elsewhere re-syncs this node's pools (busy there, not rung here);
 * - connections lost with a dead node count as closed (the survivors' calls drop to `reconnecting`, then end
 *   after the grace period unless the party comes back on a surviving node);
 * - a dead node's calls (its key lapsed) and a drained node's (it said `call.handover`) are adopted by ONE
 *   survivor: the one that takes their snapshots (handover.ts). A party who said hello on a live node before
 *   its old node was missed is matched again once the call is adopted (the hellos of the last two minutes are
 *   kept for that).
 * Registry frames and these frames go out on the same Redis connection, so another node has the connection's
 * registry entry before it handles its hello (bus.ts).
 */
export function clusterCallRouter(
  local: CallRouter,
  deps: {
    readonly bus: ClusterBus;
    readonly store: RedisCallStore;
    readonly registry: ConnectionRegistry;
    readonly clock: Clock;
    readonly onLost: (handler: (connectionIds: string[]) => void) => void;
    /** Another node's call was answered or ended: who is free to ring changed. */
    readonly onBusyChanged: (handler: () => void) => void;
    readonly log: Logger;
  },
): ClusterCallRouter {
  const { bus, store, registry, clock } = deps;
  const hellos: { at: number; from: Endpoint; resumeToken?: string }[] = [];
  const remember = (from: Endpoint, resumeToken: string | undefined) => {
    const now = clock.now();
    while (hellos.length > 0 && (hellos.length >= HELLO_MEMORY_MAX || hellos[0]!.at < now - HELLO_MEMORY_MS))
      hellos.shift();
    hellos.push({ at: now, from, ...(resumeToken ? { resumeToken } : {}) });
  };
  const adopt = (gone: string) =>
    store
      .takeOver(gone)
      .then((snapshots) => {
        if (snapshots.length === 0) return;
        deps.log.warn({ peer: gone, calls: snapshots.length }, 'adopting the calls of a node that is gone');
        const live = (endpointId: string) => {
          const node = registry.nodeOf(endpointId);
          return node !== undefined && node !== gone;
        };
        local.adopt(snapshots, live);
        // Parties already back on a live node (their hello came before the adoption) take their places now.
        const parties = new Set(
          snapshots.flatMap((s) =>
            [s.callerEndpoint, ...(s.answerer ? [s.answerer.endpoint] : [])].map(ownerOf),
          ),
        );
        for (const { from, resumeToken } of hellos)
          if (parties.has(ownerOf(from)) && live(from.id)) local.hello(from, resumeToken);
      })
      .catch((error: unknown) => deps.log.error({ err: error, peer: gone }, 'adopting calls failed'));
  bus.onNodeGone((gone) => void adopt(gone));
  // Split brain (bus.ts FENCING): a node that lost its liveness lets its calls go at once, before the others
  // count it dead and adopt them from their snapshots; it never ends them (no record, nobody told).
  bus.onFence(() => {
    const released = local.release();
    if (released > 0) deps.log.warn({ calls: released }, 'fenced: calls left to the node that adopts them');
  });
  // Back: route again, and continue whatever of ours nobody adopted meanwhile (no other node was alive).
  bus.onRejoin(async () => {
    local.resume();
    await adopt(bus.nodeId);
  });
  bus.on('call.handover', z.object({}), (_body, from) => void adopt(from));
  bus.on('call.handle', Handle, ({ from, message }) => void local.handle(from, message as CallMessage));
  bus.on('call.hello', Hello, ({ from, resumeToken }) => {
    remember(from, resumeToken);
    local.hello(from, resumeToken);
  });
  bus.on('call.closed', Closed, ({ endpointId }) => local.endpointClosed(endpointId));
  bus.on('call.end_of', EndOf, ({ owner, reason }) => void local.endCallsOf(owner, reason));
  bus.on(
    'call.duty',
    Duty,
    ({ poolUnitId }) =>
      void local
        .dutyChanged(poolUnitId)
        .catch((error: unknown) => deps.log.error({ err: error, poolUnitId }, 'duty sync failed')),
  );
  bus.on('call.console_handover', ConsoleHandoverMessage, (handover) => local.consoleHandover(handover));
  deps.onLost((ids) => {
    for (const id of ids) local.endpointClosed(id);
  });
  deps.onBusyChanged(() => local.presenceChanged());

  return {
    ...local,
    async handle(from, message) {
      if (message.type !== 'call.place' && !store.get(message.callId)) {
        const home = store.nodeOf(message.callId);
        if (home !== undefined && home !== bus.nodeId) {
          bus.send(home, 'call.handle', { from, message });
          return;
        }
      }
      return local.handle(from, message);
    },
    hello(from, resumeToken) {
      remember(from, resumeToken);
      local.hello(from, resumeToken);
      bus.send('all', 'call.hello', { from, ...(resumeToken ? { resumeToken } : {}) });
    },
    endpointClosed(endpointId) {
      local.endpointClosed(endpointId);
      bus.send('all', 'call.closed', { endpointId });
    },
    /** Counts this node's calls; the others end theirs on the frame. */
    endCallsOf(owner, reason) {
      const ended = local.endCallsOf(owner, reason);
      bus.send('all', 'call.end_of', { owner, reason });
      return ended;
    },
    async dutyChanged(poolUnitId) {
      bus.send('all', 'call.duty', { poolUnitId });
      await local.dutyChanged(poolUnitId);
    },
    /** Every node holds it: the pool's calls ring on whichever node they are homed. */
    consoleHandover(handover) {
      bus.send('all', 'call.console_handover', handover);
      local.consoleHandover(handover);
    },
    handOver() {
      if (!bus.liveNodes().some((node) => node !== bus.nodeId)) return 0;
      const released = local.release();
      // Sent after the snapshots were written (one connection, one order: bus.ts): the adopter finds them all.
      if (released > 0) {
        deps.log.info({ calls: released }, 'calls handed over to the other nodes');
        bus.send('all', 'call.handover', {});
      }
      return released;
    },
  };
}

const ownerOf = (endpoint: Endpoint) => `${endpoint.owner.kind}:${endpoint.owner.id}`;
const Owner = z.object({ kind: z.enum(['staff', 'citizen', 'device']), id: z.string().min(1) });
const CALL_TYPES = new Set<string>([
  'call.place',
  'call.accept',
  'call.decline',
  'call.hangup',
  'rtc.offer',
  'rtc.answer',
  'rtc.ice',
  'rtc.config.request',
] satisfies CallMessage['type'][]);
const Handle = z.object({
  from: EndpointSchema,
  message: ClientMessage.refine((m) => CALL_TYPES.has(m.type), 'not a call message'),
});
const Hello = z.object({ from: EndpointSchema, resumeToken: z.string().optional() });
const Closed = z.object({ endpointId: z.string().min(1) });
const EndOf = z.object({ owner: Owner, reason: EndReason });
const Duty = z.object({ poolUnitId: z.string().min(1) });
const ConsoleHandoverMessage = z.object({
  fromStaffId: z.string().min(1),
  toStaffId: z.string().min(1),
  poolUnitIds: z.array(z.string().min(1)).max(1_000),
});
