/**
 * aedes-persistence-redis 12 ships no TypeScript types: just the factory the cluster uses. It takes ioredis
 * options, or `conn`, an ioredis connection of its own (it disconnects it when aedes closes).
 */
declare module 'aedes-persistence-redis' {
  import type { AedesOptions } from 'aedes';
  import type { Redis } from 'ioredis';

  function aedesPersistenceRedis(options: {
    conn: Redis;
    /** Offline QoS 1 messages delivered at once on CONNECT (default 1000). */
    maxSessionDelivery?: number;
  }): NonNullable<AedesOptions['persistence']>;
  export default aedesPersistenceRedis;
}
