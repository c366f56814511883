import { hostname } from 'node:os';
import type { AedesOptions } from 'aedes';
import aedesPersistenceRedis from 'aedes-persistence-redis';
import type { Redis } from 'ioredis';
import mqemitterRedis from 'mqemitter-redis';
import type { CloudConfig } from '../kernel/config.js';
import type { Logger } from '../kernel/logger.js';
import type { MakeLimiter } from '../kernel/ports.js';
import { type ClusterBus, createLocalBus, createRedisBus } from './bus.js';
import { createNodeDirectory, type NodeDirectory } from './directory.js';
import { memoryLimiters, redisLimiters } from './limiters.js';
import { connectRedis } from './redis.js';

export type { ClusterBus, ClusterMessage, ClusterMessageOf } from './bus.js';
export type { NodeDirectory } from './directory.js';

/** NODE_ID, or host name and process id: unique per process, readable in logs. */
export function nodeIdOf(config: Pick<CloudConfig, 'NODE_ID'>): string {
  return config.NODE_ID ?? `${hostname()}-${process.pid}`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64);
}

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
  const prefix = config.REDIS_KEY_PREFIX;
  const opened: Redis[] = [];
  const open = async (name: string, keyPrefix?: string) => {
    const redis = await connectRedis(url, { name, log, ...(keyPrefix ? { keyPrefix } : {}) });
    opened.push(redis);
    return redis;
  };
  try {
    const redis = await open('commands', prefix);
    const bus = await createRedisBus({
      nodeId,
      channel: `${prefix}bus`,
      publisher: redis,
      subscriber: await open('bus'),
      log: log.child({ module: 'cluster' }),
    });
    const directory = createNodeDirectory({ nodeId, redis, log: log.child({ module: 'cluster' }) });
    await directory.start();
    log.info({ redis: 'connected', prefix }, 'cluster: sharing state through Redis');
    return {
      nodeId,
      redis,
      bus,
      directory,
      limiters: redisLimiters(redis),
      async brokerStores() {
        // Their own connections: aedes closes them when the broker closes. mqemitter-redis routes every MQTT
        // message between nodes over pub/sub (channels are MQTT topics, not prefixed: one Redis per installation
        // or distinct device ids, which are random UUIDs); the persistence keeps sessions, subscriptions and
        // QoS 1 queues under the prefix, so a kiosk resumes its session on whichever node it reaches.
        const persistence = aedesPersistenceRedis({
          conn: await connectRedis(url, { name: 'mqtt-sessions', log, keyPrefix: `${prefix}mqtt:` }),
        });
        const mq = mqemitterRedis({
          pubConn: await connectRedis(url, { name: 'mqtt-pub', log }),
          subConn: await connectRedis(url, { name: 'mqtt-sub', log }),
        }) as unknown as NonNullable<AedesOptions['mq']>;
        return { persistence, mq };
      },
      async close() {
        await directory.close();
        await bus.close();
        for (const connection of opened) await connection.quit().catch(() => connection.disconnect());
      },
    };
  } catch (error) {
    for (const connection of opened) connection.disconnect();
    throw error;
  }
}
