import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireOrSkip, tcpReachable } from '../../../test-support/requirements.js';
import { loadCloudConfig } from '../kernel/config.js';
import { createLogger } from '../kernel/logger.js';
import type { ClusterMessage } from './bus.js';
import { type Cluster, openCluster } from './index.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/11';
const redisUrl = new URL(REDIS_URL);
const usable = requireOrSkip(
  'Redis',
  await tcpReachable(redisUrl.hostname, Number(redisUrl.port || 6379)),
  'apt-get install redis-server and start it, or set TEST_REDIS_URL',
);

const until = async (done: () => boolean | Promise<boolean>, what: string) => {
  const deadline = Date.now() + 5_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe.runIf(usable)('the cluster parts over a real Redis (issue 14)', () => {
  const prefix = `sv-test-${process.pid}-${randomBytes(3).toString('hex')}:`;
  const log = createLogger({ level: 'silent' });
  const config = (node: string) =>
    loadCloudConfig({ REDIS_URL, REDIS_KEY_PREFIX: prefix, NODE_ID: node, DATA_DIR: '/tmp' });
  let a: Cluster;
  let b: Cluster;
  let raw: Redis;

  beforeAll(async () => {
    raw = new Redis(REDIS_URL);
    a = await openCluster(config('unit-a'), log);
    b = await openCluster(config('unit-b'), log);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    const keys = await raw.keys(`${prefix}*`);
    if (keys.length > 0) await raw.del(...keys);
    raw.disconnect();
  });

  it('brings a message to the other node, not back to the sender, and drops one that does not decode', async () => {
    const atA: ClusterMessage[] = [];
    const atB: ClusterMessage[] = [];
    a.bus.on('device.disconnect', (m) => atA.push(m));
    b.bus.on('device.disconnect', (m) => atB.push(m));
    // A stray publisher on the same channel, with a payload no schema accepts: logged and dropped.
    await raw.publish(
      `${prefix}bus`,
      JSON.stringify({ from: 'x', message: { type: 'device.disconnect', deviceId: 'not-a-uuid' } }),
    );
    await raw.publish(`${prefix}bus`, 'not json');
    const deviceId = randomUUID();
    await a.bus.publish({ type: 'device.disconnect', deviceId });
    await until(() => atB.length > 0, 'the message at node b');
    expect(atB).toEqual([{ type: 'device.disconnect', deviceId }]);
    expect(atA).toEqual([]);
  });

  it('names the live node holding a kiosk, forgets it when that node unlists it, and never lets an old holder unlist a newer one', async () => {
    const deviceId = randomUUID();
    a.directory!.deviceConnected(deviceId, true);
    await until(async () => (await b.directory!.holderOf(deviceId)) === 'unit-a', 'held by a');
    expect(await b.directory!.devicesHeldElsewhere()).toContain(deviceId);
    expect(await a.directory!.devicesHeldElsewhere()).not.toContain(deviceId);
    // The kiosk moved to b; a's late disconnect must not remove b's entry.
    b.directory!.deviceConnected(deviceId, true);
    await until(async () => (await a.directory!.holderOf(deviceId)) === 'unit-b', 'held by b');
    a.directory!.deviceConnected(deviceId, false);
    await new Promise((r) => setTimeout(r, 100));
    expect(await a.directory!.holderOf(deviceId)).toBe('unit-b');
    b.directory!.deviceConnected(deviceId, false);
    await until(async () => (await a.directory!.holderOf(deviceId)) === null, 'unlisted');
  });

  it('does not count a kiosk as held by a node that stopped beating', async () => {
    const deviceId = randomUUID();
    await raw.hset(`${prefix}device-holder`, deviceId, 'unit-dead');
    await raw.zadd(`${prefix}broker-nodes`, Date.now() - 60_000, 'unit-dead');
    expect(await a.directory!.holderOf(deviceId)).toBeNull();
    expect(await a.directory!.devicesHeldElsewhere()).not.toContain(deviceId);
  });

  it('counts login failures on both nodes together (RateLimiterRedis), so two nodes do not double the limit', async () => {
    const options = { keyPrefix: 'unit-limit', points: 3, duration: 60 };
    const onA = a.limiters(options);
    const onB = b.limiters(options);
    await onA.consume('karen');
    await onB.consume('karen');
    await onA.consume('karen');
    await expect(onB.consume('karen')).rejects.toMatchObject({ remainingPoints: 0 });
  });
});
