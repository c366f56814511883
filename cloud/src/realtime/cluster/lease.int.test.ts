import { type Clock, systemClock } from '@screenvisit/protocol';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { hasRedis, TEST_REDIS_URL, testPrefix } from '../../../test/redis.js';
import { createLogger } from '../../kernel/logger.js';
import { createRedisBus } from './bus.js';

/**
 * Issue 14 §4: a process frozen longer than its liveness TTL (a long GC pause, a suspended VM) runs again with
 * timers due. Whichever runs first (a call's ring timeout, a pool's escalation) asks the bus before acting on
 * shared state (calls/context.ts), and the asking itself must fence the node, not wait for the bus's watchdog.
 */
const redisUp = await hasRedis();
const keys = testPrefix();
const connections: Redis[] = [];
afterAll(async () => {
  for (const c of connections) c.disconnect();
  if (redisUp) await keys.cleanUp();
});

/** A node's bus on its own two connections, with the TTL of production (the watchdog is due every 3 s). */
const openBus = async (nodeId: string, clock: Clock) => {
  const [redis, subscriber] = [new Redis(TEST_REDIS_URL), new Redis(TEST_REDIS_URL)];
  connections.push(redis, subscriber);
  const log = createLogger({ level: 'silent' });
  const bus = createRedisBus({ redis, subscriber, prefix: keys.prefix, nodeId, clock, log, ttlMs: TTL_MS });
  await bus.ready;
  return bus;
};
const TTL_MS = 60_000;

describe.runIf(redisUp)('a node frozen for longer than its liveness TTL', () => {
  it('is fenced the moment anything asks, before its own watchdog ran, and its fence handlers have let go by then', async () => {
    // The freeze: the clock jumps a whole TTL while no timer of the node runs.
    let frozenFor = 0;
    const bus = await openBus('frozen', { ...systemClock, now: () => Date.now() + frozenFor });
    const letGo: string[] = [];
    bus.onFence(() => letGo.push('calls released'));
    expect(bus.leaseLost()).toBe(false);
    expect(bus.fenced()).toBe(false);

    frozenFor = TTL_MS;
    // Synchronously, as a due timer asks first thing when it runs.
    expect(bus.leaseLost()).toBe(true);
    expect(letGo).toEqual(['calls released']);
    expect(bus.fenced()).toBe(true);
    await bus.close();
  });

  it('is not fenced by asking while its lease is fresh', async () => {
    const bus = await openBus('fresh', systemClock);
    for (let i = 0; i < 100; i++) expect(bus.leaseLost()).toBe(false);
    expect(bus.fenced()).toBe(false);
    await bus.close();
  });
});
