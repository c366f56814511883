import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import webpush from 'web-push';
import { requireOrSkip, tcpReachable } from '../../test-support/requirements.js';

/** The shared Redis server (127.0.0.1:6379); every test run keeps to its own key prefix and never flushes. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

let reachable: Promise<boolean> | undefined;

/** Whether the Redis suites run: the server answers, else skipped loudly (fails under CI=true). */
export async function hasRedis(): Promise<boolean> {
  const { hostname, port } = new URL(TEST_REDIS_URL);
  reachable ??= tcpReachable(hostname, Number(port || 6379));
  return requireOrSkip(
    'Redis at 127.0.0.1:6379',
    await reachable,
    'apt-get install redis-server, or set TEST_REDIS_URL',
  );
}

/** A key prefix of its own for one test file, and a way to delete exactly its keys afterwards. */
export function testPrefix(): { prefix: string; cleanUp(): Promise<void> } {
  const prefix = `svtest:${process.pid}:${randomBytes(4).toString('hex')}:`;
  return {
    prefix,
    async cleanUp() {
      const redis = new Redis(TEST_REDIS_URL);
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
          cursor = next;
          if (keys.length > 0) await redis.del(...keys);
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}

/**
 * What every node of a cluster must share besides Redis (kernel/config.ts refuses REDIS_URL without them): one
 * PostgreSQL and the same keys. For a config that is only read (`database` is never connected to), or, with the
 * test's own database URL, for real nodes.
 */
export function clusterNodeEnv(database = 'postgres://unused@127.0.0.1:1/unused'): Record<string, string> {
  const vapid = webpush.generateVAPIDKeys();
  return {
    DATABASE_URL: database,
    SECRETS_KEY: randomBytes(32).toString('base64'),
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
  };
}
