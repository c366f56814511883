import { Writable } from 'node:stream';
import { systemClock } from '@screenvisit/protocol';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { hasRedis, TEST_REDIS_URL, testPrefix } from '../../../test/redis.js';
import { createLogger } from '../../kernel/logger.js';
import { createRedisBus } from './bus.js';

/**
 * 2nd line reads warnings as "something broke". A node stopped on purpose (an upgrade's drain, systemctl stop)
 * says goodbye and is logged as info by the others; a node that vanishes without a word stays a warning.
 */
const redisUp = await hasRedis();
const keys = testPrefix();
const connections: Redis[] = [];
afterAll(async () => {
  for (const c of connections) c.disconnect();
  if (redisUp) await keys.cleanUp();
});

const TTL_MS = 400;
const openBus = async (nodeId: string, lines: Record<string, unknown>[] = []) => {
  const [redis, subscriber] = [new Redis(TEST_REDIS_URL), new Redis(TEST_REDIS_URL)];
  connections.push(redis, subscriber);
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  const log = createLogger({ level: 'info', destination });
  const bus = createRedisBus({
    redis,
    subscriber,
    prefix: keys.prefix,
    nodeId,
    clock: systemClock,
    log,
    ttlMs: TTL_MS,
  });
  await bus.ready;
  return { bus, redis, subscriber };
};
const about = (lines: Record<string, unknown>[], peer: string) => lines.filter((l) => l.peer === peer);
const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
};

describe.runIf(redisUp)('a peer leaving the cluster', () => {
  it('is info when it stopped on purpose (drain), never a warning', async () => {
    const lines: Record<string, unknown>[] = [];
    const a = await openBus('stays-a', lines);
    const b = await openBus('drained-b');
    await until(() => a.bus.liveNodes().includes('drained-b'));
    await b.bus.close();
    await until(() => about(lines, 'drained-b').length > 0);
    // Longer than the TTL: the lapsed key must not be reported a second time as a lost node.
    await new Promise((r) => setTimeout(r, TTL_MS * 3));
    const said = about(lines, 'drained-b');
    expect(said.map((l) => [l.level, l.msg])).toEqual([
      [30, 'cluster node left (planned stop): its connections and calls are dropped'],
    ]);
    await a.bus.close();
  });

  it('is a warning when it vanished without a goodbye', async () => {
    const lines: Record<string, unknown>[] = [];
    const a = await openBus('stays-c', lines);
    const b = await openBus('lost-d');
    await until(() => a.bus.liveNodes().includes('lost-d'));
    // Cut off: its connections drop, its liveness key lapses, no goodbye.
    b.redis.disconnect();
    b.subscriber.disconnect();
    await until(() => about(lines, 'lost-d').length > 0);
    expect(about(lines, 'lost-d').map((l) => [l.level, l.msg])).toEqual([
      [40, 'cluster node gone: its connections and calls are dropped'],
    ]);
    await a.bus.close();
  });
});
