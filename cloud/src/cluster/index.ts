import { hostname } from 'node:os';
import type { CloudConfig } from '../kernel/config.js';
import type { Logger } from '../kernel/logger.js';
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

export async function openCluster(config: CloudConfig, log: Logger): Promise<Cluster> {
  const nodeId = nodeIdOf(config);
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
  const { openRedisCluster } = await import('./redis-cluster.js');
  return openRedisCluster(url, config.REDIS_KEY_PREFIX, nodeId, log);
}
