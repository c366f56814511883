import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestNode, type TestNode } from '../../test/kits/cluster.js';
import { startTcpProxy } from '../../test/kits/tcp-proxy.js';
import { clusterNodeEnv, hasRedis, TEST_REDIS_URL } from '../../test/redis.js';
import { loadCloudConfig } from '../kernel/config.js';
import { createLogger } from '../kernel/logger.js';
import type { ClusterMessage } from './bus.js';
import { type Cluster, openCluster } from './index.js';

const REDIS_URL = TEST_REDIS_URL;
const shared = clusterNodeEnv();
const usable = await hasRedis();

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
  // NODE_ID says something else on purpose: the node's id is its liveness's, in every layer.
  const config = (node: string) =>
    loadCloudConfig({
      ...shared,
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      NODE_ID: `${node}-config`,
      DATA_DIR: '/tmp',
    });
  let a: Cluster;
  let b: Cluster;
  let raw: Redis;
  // Each node's one liveness is its realtime bus (TTL 600 ms); node b reaches Redis for it through a proxy the
  // last test cuts, while b's device side keeps a working connection of its own (two connections, as in a node).
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let liveA: TestNode;
  let liveB: TestNode;

  beforeAll(async () => {
    raw = new Redis(REDIS_URL);
    const target = new URL(REDIS_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    target.port = String(proxy.port);
    liveA = await openTestNode(prefix, 'unit-a');
    liveB = await openTestNode(prefix, 'unit-b', 600, target.toString());
    a = await openCluster(config('unit-a'), log, liveA.bus);
    b = await openCluster(config('unit-b'), log, liveB.bus);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    proxy?.restore();
    await liveA?.close();
    liveB?.kill();
    await proxy?.close();
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

  it('does not count a kiosk as held by a node the bus does not see alive', async () => {
    expect([a.nodeId, b.nodeId]).toEqual(['unit-a', 'unit-b']);
    const deviceId = randomUUID();
    await raw.hset(`${prefix}device-holder`, deviceId, 'unit-dead');
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

  // Runs last: node b stays fenced.
  it('stops counting a fenced node as holding its kiosks, and a fenced node claims no kiosk, though its own Redis connection still works', async () => {
    const held = randomUUID();
    b.directory!.deviceConnected(held, true);
    await until(async () => (await a.directory!.holderOf(held)) === 'unit-b', 'held by b');
    // Network partition on b's liveness only: b fences itself, its key lapses, a's bus counts it gone.
    proxy.blackhole();
    await until(() => liveB.bus.fenced(), 'b fenced');
    await until(async () => (await a.directory!.holderOf(held)) === null, 'b no longer a holder on a');
    expect(await a.directory!.devicesHeldElsewhere()).not.toContain(held);
    // b's directory connection is fine, yet b records no new holder and counts itself holding nothing.
    const late = randomUUID();
    b.directory!.deviceConnected(late, true);
    await new Promise((r) => setTimeout(r, 200));
    expect(await raw.hget(`${prefix}device-holder`, late)).toBeNull();
    expect(await b.directory!.holderOf(held)).toBeNull();
    // Letting go still works: b unlists what it held (never a newer holder's entry).
    b.directory!.deviceConnected(held, false);
    await until(async () => (await raw.hget(`${prefix}device-holder`, held)) === null, 'unlisted by b');
  });
});
