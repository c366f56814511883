import type { AedesOptions } from 'aedes';
import type { Redis } from 'ioredis';
import type { MakeLimiter } from '../kernel/ports.js';
import type { ClusterBus } from './bus.js';
import type { NodeDirectory } from './directory.js';

/**
 * What this node shares with the other nodes of its installation (issue 14). Without REDIS_URL: one node, all of
 * it in memory, exactly as before (`redis` and `directory` null, the bus a no-op). With REDIS_URL: Redis
 * connections for the MQTT broker's sessions and message routing, the throttles, the node-to-node bus and the
 * directory of live nodes and kiosk holders. Built by node/start-cloud.ts only.
 */
export interface Cluster {
  readonly nodeId: string;
  /** A prefixed command connection (keys under REDIS_KEY_PREFIX), or null on a single node. */
  readonly redis: Redis | null;
  readonly bus: ClusterBus;
  readonly directory: NodeDirectory | null;
  readonly limiters: MakeLimiter;
  /** aedes `persistence` and `mq` for the broker; empty on a single node (aedes' memory defaults). */
  brokerStores(): Promise<Pick<AedesOptions, 'persistence' | 'mq'>>;
  close(): Promise<void>;
}
