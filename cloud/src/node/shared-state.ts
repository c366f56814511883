import { randomBytes } from 'node:crypto';
import type { Clock } from '@screenvisit/protocol';
import { z } from 'zod';
import {
  type CallRouter,
  type CallStore,
  type ClusterCallRouter,
  clusterCallRouter,
  createRedisCallStore,
  createRedisQueueBoard,
} from '../calls/index.js';
import { nodeIdOf } from '../cluster/index.js';
import type { CloudConfig } from '../kernel/config.js';
import type { Logger } from '../kernel/logger.js';
import type { NodeLiveness } from '../kernel/ports.js';
import { type ClusterOptions, openCluster } from '../realtime/cluster/index.js';
import { type ConnectionOwner, type ConnectionRegistry, createMemoryRegistry } from '../realtime/registry.js';
import type { createCallSender } from '../realtime/sender.js';

type NodeSender = ReturnType<typeof createCallSender>;
type CloseConnections = (owner: ConnectionOwner, code: number, reason: string) => number;
type CloseSessions = (sessionIds: readonly string[]) => number;

/**
 * What one node shares with the others (issue 14 §2; docs/architecture.md "State per node"): without Redis,
 * the memory registry and stores of a single node, exactly as before; with Redis, the cluster's. The node
 * builder takes each part at the step where it builds the part's user (nothing is filled in later).
 */
export interface SharedState {
  readonly registry: ConnectionRegistry;
  /** For createCallSender: where an endpoint on another node is handed over. */
  readonly senderOptions: Pick<Parameters<typeof createCallSender>[0], 'remote'>;
  /** Once the sender exists: frames forwarded here are delivered by it. */
  connectSender(sender: NodeSender): void;
  /** For createCallRouter: the call store and queue board. */
  readonly routerOptions: {
    store?: CallStore;
    queueBoard?: ReturnType<typeof createRedisQueueBoard>;
    claimOnce?: (key: string, ttlMs: number) => Promise<boolean>;
    fenced?: () => boolean;
  };
  /** Once this node's router exists: the router the rest of the node uses. */
  wrapRouter(router: CallRouter): CallRouter;
  /**
   * The first step of stopping: with another node alive, this node's calls are handed over to it (a drain
   * keeps calls in progress, calls/handover.ts); returns how many. One node: 0, its calls end on close.
   */
  handOverCalls(): number;
  /** Closing a person's sockets (deactivation) on every node, not only this one; counts this node's. */
  closeEverywhere(closeHere: CloseConnections): CloseConnections;
  /** Closing the sockets of ended login sessions (logout) on every node at once; counts this node's. */
  closeSessionsEverywhere(closeHere: CloseSessions): CloseSessions;
  /**
   * Split brain (realtime/cluster/bus.ts FENCING): `fenced()` is true from the moment this node could not renew
   * its liveness in time until it has rejoined; `onFence` handlers let go of its connections then (its calls
   * are released by the router itself). One node: never fenced.
   */
  fenced(): boolean;
  onFence(handler: () => void): void;
  /** The node's one liveness (the bus's), for the device directory (cluster/); null on a single node. */
  readonly liveness: NodeLiveness | null;
  close(): Promise<void>;
}

/**
 * The Redis side of REDIS_URL. The node id is NODE_ID (or host and pid) with a suffix new on every start: a
 * restarted node is a new node (its old connections are gone). It is this node's one id in every layer: bus,
 * registry, device directory, broker and /readyz.
 */
export function clusterOptionsOf(
  config: Pick<CloudConfig, 'REDIS_URL' | 'REDIS_KEY_PREFIX' | 'NODE_ID' | 'CLUSTER_NODE_TTL_SECONDS'>,
): ClusterOptions | undefined {
  if (!config.REDIS_URL) return undefined;
  return {
    url: config.REDIS_URL,
    prefix: config.REDIS_KEY_PREFIX,
    nodeId: `${nodeIdOf(config)}-${randomBytes(3).toString('hex')}`,
    ttlMs: config.CLUSTER_NODE_TTL_SECONDS * 1000,
  };
}

const Cut = z.object({
  owner: z.object({ kind: z.enum(['staff', 'citizen', 'device']), id: z.string().min(1) }),
  code: z.number().int(),
  reason: z.string().max(120),
});

const Logout = z.object({ sessionIds: z.array(z.string().min(1)).max(10_000) });

export async function openSharedState(
  redis: ClusterOptions | undefined,
  clock: Clock,
  log: Logger,
): Promise<SharedState> {
  if (!redis)
    return {
      registry: createMemoryRegistry(),
      senderOptions: {},
      connectSender: () => undefined,
      routerOptions: {},
      wrapRouter: (router) => router,
      handOverCalls: () => 0,
      closeEverywhere: (closeHere) => closeHere,
      closeSessionsEverywhere: (closeHere) => closeHere,
      fenced: () => false,
      onFence: () => undefined,
      liveness: null,
      close: async () => undefined,
    };
  const cluster = await openCluster(redis, clock, log.child({ module: 'cluster' }));
  const callLog = log.child({ module: 'calls' });
  const store = createRedisCallStore({ ...cluster, log: callLog });
  try {
    await store.ready;
  } catch (error) {
    await cluster.close();
    throw error;
  }
  let wrapped: ClusterCallRouter | undefined;
  return {
    registry: cluster.registry,
    senderOptions: { remote: cluster.forwarder },
    connectSender: (sender) => cluster.deliverForwarded(sender.deliverHere),
    routerOptions: {
      store,
      queueBoard: createRedisQueueBoard({ ...cluster, log: callLog }),
      // A safety alert goes out twice rather than never: a failing claim counts as won.
      claimOnce: (key, ttlMs) =>
        cluster.redis
          .set(`${cluster.prefix}once:${key}`, cluster.bus.nodeId, 'PX', ttlMs, 'NX')
          .then((reply) => reply === 'OK')
          .catch(() => true),
      // Asked before every call transition: a stale lease fences the node before a due timer acts.
      fenced: () => cluster.bus.leaseLost(),
    },
    wrapRouter(router) {
      wrapped = clusterCallRouter(router, {
        bus: cluster.bus,
        store,
        registry: cluster.registry,
        clock,
        onLost: cluster.registry.onLost,
        onBusyChanged: store.onBusyChanged,
        log: callLog,
      });
      return wrapped;
    },
    handOverCalls: () => wrapped?.handOver() ?? 0,
    closeEverywhere(closeHere) {
      cluster.bus.on('ws.cut', Cut, ({ owner, code, reason }) => void closeHere(owner, code, reason));
      return (owner, code, reason) => {
        cluster.bus.send('all', 'ws.cut', { owner, code, reason });
        return closeHere(owner, code, reason);
      };
    },
    closeSessionsEverywhere(closeHere) {
      cluster.bus.on('ws.logout', Logout, ({ sessionIds }) => void closeHere(sessionIds));
      return (sessionIds) => {
        cluster.bus.send('all', 'ws.logout', { sessionIds });
        return closeHere(sessionIds);
      };
    },
    fenced: () => cluster.bus.fenced(),
    onFence: (handler) => cluster.bus.onFence(handler),
    liveness: cluster.bus,
    async close() {
      await store.close();
      await cluster.close();
    },
  };
}
