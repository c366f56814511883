import { hostname } from 'node:os';
import type { CloudConfig } from '../kernel/config.js';
import type { Logger } from '../kernel/logger.js';
import type { NodeLiveness } from '../kernel/ports.js';
import { createLocalBus } from './bus.js';
import { memoryLimiters } from './limiters.js';
import type { Cluster } from './types.js';

export type { ClusterBus, ClusterMessage, ClusterMessageOf } from './bus.js';
export type { NodeDirectory } from './directory.js';
export type { Cluster } from './types.js';

/** NODE_ID, or host name and process id: unique per process, readable in logs. */
export function nodeIdOf(config: Pick<CloudConfig, 'NODE_ID'>): string {
  return config.NODE_ID ?? `${hostname()}-${process.pid}`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64);
}

/**
 * `liveness`: the realtime bus's (node/shared-state.ts), the one liveness of this node; its node id is this
 * node's id in every layer. Required with REDIS_URL: the device directory has no liveness of its own.
 */
export async function openCluster(
  config: CloudConfig,
  log: Logger,
  liveness: NodeLiveness | null,
): Promise<Cluster> {
  const nodeId = liveness?.nodeId ?? nodeIdOf(config);
  const url = config.REDIS_URL;
  if (!url) {
    return {
      nodeId,
      redis: null,
      bus: createLocalBus(),
      directory: null,
      limiters: memoryLimiters,
      brokerStores: async () => ({}),
      close: async () => {},
    };
  }
  // Loaded only with REDIS_URL: a single node does not pay for ioredis and the aedes Redis stores at start-up.
  if (liveness === null) throw new Error('openCluster: REDIS_URL is set but no node liveness was given');
  const { openRedisCluster } = await import('./redis-cluster.js');
  return openRedisCluster(url, config.REDIS_KEY_PREFIX, liveness, log);
}
