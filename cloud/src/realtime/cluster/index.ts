import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type Clock, ServerMessage } from '@screenvisit/protocol';
import { Redis, type RedisOptions } from 'ioredis';
import { z } from 'zod';
import { describeRedisUrl } from '../../kernel/connection-url.js';
import { StartupError } from '../../kernel/errors.js';
import type { Logger } from '../../kernel/logger.js';
import type { SendOptions } from '../locked-view.js';
import { type ClusterBus, createRedisBus } from './bus.js';
import { createRedisRegistry, type RedisRegistry } from './redis-registry.js';

/**
 * Two or more cloud nodes (issue 14 §2): the bus, the shared registry and the way signalling reaches an
 * endpoint on another node. Built only when the node is given Redis; one node without it keeps the memory
 * registry and stores (`npm start` needs no Redis).
 */
export { type ClusterBus, createRedisBus } from './bus.js';
export { createRedisRegistry, type RedisRegistry } from './redis-registry.js';

export interface ClusterOptions {
  readonly url: string;
  /** Keys and channels start with this (several installations, or test runs, can share one Redis). */
  readonly prefix?: string;
  /** Unique per process: a restarted node is a new node (its old connections are gone). */
  readonly nodeId?: string;
  readonly redisOptions?: RedisOptions;
  /** How long a silent node counts as alive (default 15 s): a dead node's consoles stop counting after this. */
  readonly ttlMs?: number;
}

export interface Cluster {
  readonly bus: ClusterBus;
  readonly registry: RedisRegistry;
  /** The connection the stores write on (the bus publishes on it too: one order for everything a node says). */
  readonly redis: Redis;
  readonly prefix: string;
  /** For createCallSender's `remote`. */
  readonly forwarder: {
    readonly nodeId: string;
    forward(node: string, endpointId: string, message: ServerMessage, options?: SendOptions): void;
  };
  /** Frames forwarded here are delivered by this node's sender (never forwarded again). */
  deliverForwarded(
    deliverHere: (endpointId: string, message: ServerMessage, options?: SendOptions) => void,
  ): void;
  close(): Promise<void>;
}

const Forwarded = z.object({
  endpointId: z.string().min(1),
  message: ServerMessage,
  /** SendOptions (locked-view.ts): the receiving node gives an idle-locked console the locked view. */
  options: z.object({ displayNameIsPlace: z.boolean().optional() }).optional(),
});

export async function openCluster(options: ClusterOptions, clock: Clock, log: Logger): Promise<Cluster> {
  const prefix = options.prefix ?? 'sv:';
  const nodeId = options.nodeId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const connect = (name: string) => {
    const connection = new Redis(options.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 3,
      ...options.redisOptions,
    });
    // ioredis emits an error per failed reconnect: the first of each outage is logged, the rest are expected
    // (an unheard error event would be printed by ioredis itself as unhandled). Not before the first connection:
    // a Redis unreachable at start-up is said once, by the StartupError below.
    let reported = true;
    connection.on('error', (error: Error) => {
      if (!reported) log.warn({ err: error, connection: name }, 'cluster Redis connection failed; retrying');
      reported = true;
    });
    connection.on('ready', () => {
      reported = false;
    });
    return connection;
  };
  const redis = connect('commands');
  const subscriber = connect('bus');
  const closeRedis = async () => {
    redis.disconnect();
    subscriber.disconnect();
  };
  try {
    await Promise.all([redis.connect(), subscriber.connect()]).catch((cause: unknown) => {
      // docs/operations.md#two-nodes: one paragraph naming host, port and database, never the password; exit 2.
      throw new StartupError(
        `Could not connect to Redis at ${describeRedisUrl(options.url)} (${(cause as Error).message}). Check ` +
          'REDIS_URL and that Redis is running, or leave REDIS_URL unset to run a single node without Redis.',
        { cause },
      );
    });
    const bus = createRedisBus({
      redis,
      subscriber,
      prefix,
      nodeId,
      clock,
      log,
      ...(options.ttlMs ? { ttlMs: options.ttlMs } : {}),
    });
    const registry = createRedisRegistry({ redis, bus, prefix, log });
    await registry.ready;
    log.info({ nodeId, nodes: bus.liveNodes().length }, 'cluster joined');
    return {
      bus,
      registry,
      redis,
      prefix,
      forwarder: {
        nodeId,
        forward: (node, endpointId, message, options) =>
          bus.send(node, 'sig.send', { endpointId, message, ...(options ? { options } : {}) }),
      },
      deliverForwarded(deliverHere) {
        bus.on('sig.send', Forwarded, ({ endpointId, message, options }) =>
          deliverHere(endpointId, message, options),
        );
      },
      async close() {
        await registry.close();
        await bus.close();
        await redis.quit().catch(() => undefined);
        await subscriber.quit().catch(() => undefined);
      },
    };
  } catch (error) {
    await closeRedis();
    throw error;
  }
}
