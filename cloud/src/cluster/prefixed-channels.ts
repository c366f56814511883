import type { Redis } from 'ioredis';

/** Redis glob patterns treat these as special (PSUBSCRIBE): a prefix is matched literally. */
const escapeGlob = (text: string) => text.replace(/[*?[\]\\]/g, '\\$&');

/**
 * Puts every pub/sub channel a connection names under `prefix`. ioredis' keyPrefix never applies to channels,
 * and mqemitter-redis (the MQTT messages between nodes) names its channels after the MQTT topics alone, so two
 * installations on one Redis (e.g. staging and production, each with its own REDIS_KEY_PREFIX) would deliver
 * each other's kiosk commands and signalling. Its incoming handler reads the topic from the payload, not from
 * the channel, so only the outgoing names change. Patterns get the prefix escaped: it is matched literally.
 */
export function prefixChannels(redis: Redis, prefix: string): Redis {
  const wrap = (name: 'publish' | 'subscribe' | 'unsubscribe' | 'psubscribe' | 'punsubscribe') => {
    const original = (redis[name] as (...args: unknown[]) => unknown).bind(redis);
    const pattern = name === 'psubscribe' || name === 'punsubscribe';
    (redis as unknown as Record<string, unknown>)[name] = (channel: string, ...rest: unknown[]) =>
      original(`${pattern ? escapeGlob(prefix) : prefix}${channel}`, ...rest);
  };
  for (const name of ['publish', 'subscribe', 'unsubscribe', 'psubscribe', 'punsubscribe'] as const)
    wrap(name);
  return redis;
}
