import type { AedesOptions } from 'aedes';
import aedesPersistenceRedis from 'aedes-persistence-redis';
import type { Redis } from 'ioredis';
import mqemitterRedis from 'mqemitter-redis';
import type { Logger } from '../kernel/logger.js';
import type { NodeLiveness } from '../kernel/ports.js';
import { createRedisBus } from './bus.js';
import { createNodeDirectory } from './directory.js';
import { redisLimiters } from './limiters.js';
import { prefixChannels } from './prefixed-channels.js';
import { connectRedis } from './redis.js';
import type { Cluster } from './types.js';

/** The cluster over Redis (cluster/index.ts openCluster, when REDIS_URL is set). */
export async function openRedisCluster(
  url: string,
  prefix: string,
  liveness: NodeLiveness,
  log: Logger,
): Promise<Cluster> {
  const nodeId = liveness.nodeId;
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
    // No beat of its own: which nodes are alive (and whether this one is fenced) is the realtime bus's.
    const directory = createNodeDirectory({ liveness, redis, log: log.child({ module: 'cluster' }) });
    log.info({ redis: 'connected', prefix }, 'cluster: sharing state through Redis');
    return {
      nodeId,
      redis,
      bus,
      directory,
      limiters: redisLimiters(redis),
      async brokerStores() {
        // Their own connections: aedes closes them when the broker closes. mqemitter-redis routes every MQTT
        // message between nodes over pub/sub, on channels named `<prefix>mqtt:<topic>` (prefixed-channels.ts:
        // two installations on one Redis never hear each other); the persistence keeps sessions, subscriptions
        // and QoS 1 queues under the prefix, so a kiosk resumes its session on whichever node it reaches.
        //
        // Auto-pipelined (docs/performance.md, 2026-12-04 "a node killed under 1,000 kiosks and 20 consoles"):
        // a returning kiosk costs some fifteen Redis commands (session, subscriptions, will, queue, broadcast),
        // each written on its own, so the survivor of a kill spent about a third of its CPU in socket writes to
        // Redis while 1,000 kiosks came back at once. Commands of one event-loop turn now share one write.
        const persistence = shareConcurrentSubscribes(
          aedesPersistenceRedis({
            conn: await connectRedis(url, {
              name: 'mqtt-sessions',
              log,
              keyPrefix: `${prefix}mqtt:`,
              autoPipeline: true,
            }),
          }),
        );
        const mq = mqemitterRedis({
          pubConn: prefixChannels(
            await connectRedis(url, { name: 'mqtt-pub', log, autoPipeline: true }),
            `${prefix}mqtt:`,
          ),
          subConn: prefixChannels(await connectRedis(url, { name: 'mqtt-sub', log }), `${prefix}mqtt:`),
        }) as unknown as NonNullable<AedesOptions['mq']>;
        return { persistence, mq };
      },
      async close() {
        await bus.close();
        for (const connection of opened) await connection.quit().catch(() => connection.disconnect());
      },
    };
  } catch (error) {
    for (const connection of opened) connection.disconnect();
    throw error;
  }
}

type Persistence = NonNullable<AedesOptions['persistence']>;

/**
 * aedes 1.2 stores a SUBSCRIBE once per topic in it, each time with ALL of the packet's subscriptions
 * (lib/handlers/subscribe.js storeSubscriptions), and aedes-persistence's broadcast waits for its own echo keyed
 * by client and first topic (broadcastPersistence.js #waitFor): two concurrent identical calls overwrite each
 * other's waiter, the first never resolves, and the kiosk never gets its SUBACK. The kiosk agent subscribes to
 * cmd and sig/down in ONE packet (device/src/mqtt-session.ts), so without this every kiosk hung on two nodes.
 * Identical calls in flight share one store.
 */
function shareConcurrentSubscribes(persistence: Persistence): Persistence {
  const add = persistence.addSubscriptions.bind(persistence) as (
    client: { id: string },
    subs: { topic: string; qos: number }[],
  ) => Promise<unknown>;
  const inflight = new Map<string, Promise<unknown>>();
  (persistence as unknown as { addSubscriptions: typeof add }).addSubscriptions = (client, subs) => {
    const key = `${client.id}\n${subs.map((s) => `${s.topic}:${s.qos}`).join('\n')}`;
    let shared = inflight.get(key);
    if (!shared) {
      shared = add(client, subs).finally(() => inflight.delete(key));
      inflight.set(key, shared);
    }
    return shared;
  };
  return persistence;
}
