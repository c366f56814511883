import { Redis, type RedisOptions } from 'ioredis';
import { describeRedisUrl } from '../kernel/connection-url.js';
import { StartupError } from '../kernel/errors.js';
import type { Logger } from '../kernel/logger.js';

const CONNECT_TIMEOUT_MS = 5_000;

/**
 * One ioredis connection to REDIS_URL, connected before it is returned: an unreachable Redis stops the start with
 * one paragraph (StartupError) instead of a node that runs half-clustered. After that ioredis reconnects by
 * itself; a command during an outage fails after a few retries rather than waiting forever.
 * `keyPrefix` is applied by ioredis to every key (never to pub/sub channel names). `autoPipeline`: commands issued
 * in the same event-loop turn go out in one write (ioredis enableAutoPipelining); for connections that many
 * kiosks use at once, never for a subscriber connection.
 */
export async function connectRedis(
  url: string,
  options: { name: string; keyPrefix?: string; log: Logger; autoPipeline?: boolean },
): Promise<Redis> {
  const settings: RedisOptions = {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 3,
    connectionName: `screenvisit-${options.name}`,
    ...(options.keyPrefix ? { keyPrefix: options.keyPrefix } : {}),
    ...(options.autoPipeline ? { enableAutoPipelining: true } : {}),
  };
  const redis = new Redis(url, settings);
  let reported = false;
  redis.on('error', (error: Error) => {
    // ioredis emits an error per failed reconnect attempt: log the first of each outage, not every retry.
    if (reported) return;
    reported = true;
    options.log.error({ err: error, connection: options.name }, 'Redis connection failed; retrying');
  });
  redis.on('ready', () => {
    if (reported) options.log.info({ connection: options.name }, 'Redis connection back');
    reported = false;
  });
  try {
    await redis.connect();
  } catch (cause) {
    redis.disconnect();
    throw new StartupError(
      `Could not connect to Redis at ${describeRedisUrl(url)} (${(cause as Error).message}). Check REDIS_URL ` +
        'and that Redis is running, or leave REDIS_URL unset to run a single node without Redis.',
      { cause },
    );
  }
  return redis;
}
