import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../../kernel/logger.js';
import type { ClusterBus } from '../../realtime/cluster/bus.js';
import { readJson } from '../../realtime/cluster/json.js';
import { mergeQueues, type PoolQueueBoard, type QueuedCall } from './pool-queue.js';

const Queue = z.array(
  z.object({
    callId: z.string().min(1),
    citizenId: z.string().min(1),
    waitingSince: z.number(),
    position: z.number().int().positive(),
  }),
) satisfies z.ZodType<QueuedCall[]>;

/**
 * The queue board for two or more nodes (issue 14 §2): the hash `<prefix>queue:<pool>` holds one field per
 * node, that node's queue for the pool. A read merges the parts of the nodes alive now, so a dead node's
 * calls (gone with it) do not linger in the queue on the consoles.
 */
export function createRedisQueueBoard(deps: {
  redis: Redis;
  bus: ClusterBus;
  prefix: string;
  log: Logger;
}): PoolQueueBoard {
  const { redis, bus, prefix, log } = deps;
  const keyOf = (poolUnitId: string) => `${prefix}queue:${poolUnitId}`;
  return {
    set(poolUnitId, queue) {
      const write =
        queue.length === 0
          ? redis.hdel(keyOf(poolUnitId), bus.nodeId)
          : redis.hset(keyOf(poolUnitId), bus.nodeId, JSON.stringify(queue));
      write.catch((error: unknown) => log.warn({ err: error, poolUnitId }, 'queue board write failed'));
    },
    async read(poolUnitId) {
      const live = new Set(bus.liveNodes());
      const parts = Object.entries(await redis.hgetall(keyOf(poolUnitId)))
        .filter(([node]) => live.has(node))
        .map(([node, raw]) => {
          const parsed = Queue.safeParse(readJson(raw));
          if (!parsed.success)
            log.warn({ poolUnitId, peer: node }, 'queue board entry is not valid: left out');
          return parsed.success ? parsed.data : [];
        });
      return mergeQueues(parts);
    },
  };
}
