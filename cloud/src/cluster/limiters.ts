import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { MakeLimiter } from '../kernel/ports.js';

/** One node: counters in this process. */
export const memoryLimiters: MakeLimiter = (options) => new RateLimiterMemory(options);

/**
 * Two or more nodes: counters in Redis, so a guesser cannot multiply the limits by the number of nodes
 * (OWASP ASVS 5.0 6.3.1 counts per account, not per server). While Redis is unreachable each node falls back to
 * its own memory counters (rate-limiter-flexible's insurance limiter) instead of failing every login.
 */
export function redisLimiters(redis: Redis): MakeLimiter {
  return (options) =>
    new RateLimiterRedis({
      storeClient: redis,
      ...options,
      insuranceLimiter: new RateLimiterMemory(options),
    });
}
