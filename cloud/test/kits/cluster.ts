import { systemClock } from '@screenvisit/protocol';
import { Redis } from 'ioredis';
import { createLogger } from '../../src/kernel/logger.js';
import { type ClusterBus, createRedisBus } from '../../src/realtime/cluster/bus.js';
import { createRedisRegistry, type RedisRegistry } from '../../src/realtime/cluster/redis-registry.js';
import { TEST_REDIS_URL } from '../redis.js';

/** For tests only: one cluster node's Redis side (bus and registry) without the rest of a cloud node. */
export interface TestNode {
  readonly nodeId: string;
  readonly redis: Redis;
  /** The bus's subscriber connection (tests break it to see the node resync). */
  readonly subscriber: Redis;
  readonly bus: ClusterBus;
  readonly registry: RedisRegistry;
  readonly prefix: string;
  readonly log: ReturnType<typeof createLogger>;
  /** A clean shutdown: the others are told at once. */
  close(): Promise<void>;
  /** Like kill -9: the connections drop, nothing is said; the others notice when the node's key lapses. */
  kill(): void;
}

/** `url`: reach Redis another way, e.g. through a TCP proxy a test cuts to fence the node. */
export async function openTestNode(
  prefix: string,
  nodeId: string,
  ttlMs = 600,
  url = TEST_REDIS_URL,
): Promise<TestNode> {
  const redis = new Redis(url);
  const subscriber = new Redis(url);
  const log = createLogger({ level: 'silent' });
  const bus = createRedisBus({ redis, subscriber, prefix, nodeId, clock: systemClock, log, ttlMs });
  const registry = createRedisRegistry({ redis, bus, prefix, log });
  await registry.ready;
  let down = false;
  return {
    nodeId,
    redis,
    subscriber,
    bus,
    registry,
    prefix,
    log,
    async close() {
      if (down) return;
      down = true;
      await registry.close();
      await bus.close();
      redis.disconnect();
      subscriber.disconnect();
    },
    kill() {
      down = true;
      redis.disconnect();
      subscriber.disconnect();
      // Stops its heartbeat timer; its goodbye cannot go out on the dropped connections.
      void bus.close();
    },
  };
}
