import { randomBytes, randomUUID } from 'node:crypto';
import type { AedesOptions } from 'aedes';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestNode, type TestNode } from '../../test/kits/cluster.js';
import { clusterNodeEnv, hasRedis, TEST_REDIS_URL } from '../../test/redis.js';
import { loadCloudConfig } from '../kernel/config.js';
import { createLogger } from '../kernel/logger.js';
import { type Cluster, openCluster } from './index.js';

const REDIS_URL = TEST_REDIS_URL;
const shared = clusterNodeEnv();
const usable = await hasRedis();

type Mq = NonNullable<AedesOptions['mq']>;
interface Packet {
  topic: string;
  payload: Buffer | string;
}

/**
 * Two installations on ONE Redis (e.g. staging and production, each its own REDIS_KEY_PREFIX) must not hear
 * each other's MQTT traffic between nodes: mqemitter-redis names its channels after the MQTT topic, so without
 * a prefix a command to a kiosk of one installation reached the brokers of the other.
 */
describe.runIf(usable)('MQTT messages between nodes stay inside their installation (issue 14)', () => {
  const log = createLogger({ level: 'silent' });
  const run = randomBytes(3).toString('hex');
  const [one, other] = [`sv-test-${process.pid}-${run}-one:`, `sv-test-${process.pid}-${run}-other:`];
  const config = (prefix: string, node: string) =>
    loadCloudConfig({ ...shared, REDIS_URL, REDIS_KEY_PREFIX: prefix, NODE_ID: node, DATA_DIR: '/tmp' });
  const clusters: Cluster[] = [];
  const lives: TestNode[] = [];
  const stores: Awaited<ReturnType<Cluster['brokerStores']>>[] = [];
  let mq: { a: Mq; b: Mq; stranger: Mq };
  let raw: Redis;

  const open = async (prefix: string, node: string) => {
    const live = await openTestNode(prefix, node);
    lives.push(live);
    const cluster = await openCluster(config(prefix, node), log, live.bus);
    clusters.push(cluster);
    const s = await cluster.brokerStores();
    stores.push(s);
    return s.mq!;
  };
  const listen = (m: Mq, topic: string) => {
    const heard: Packet[] = [];
    return new Promise<Packet[]>((resolve) => {
      m.on(
        topic,
        (packet: Packet, done: () => void) => {
          heard.push(packet);
          done();
        },
        () => resolve(heard),
      );
    });
  };
  const emit = (m: Mq, packet: Packet) =>
    new Promise<void>((resolve, reject) =>
      m.emit(packet as never, (e?: Error) => (e ? reject(e) : resolve())),
    );

  beforeAll(async () => {
    raw = new Redis(REDIS_URL);
    mq = { a: await open(one, 'one-a'), b: await open(one, 'one-b'), stranger: await open(other, 'other-a') };
  });
  afterAll(async () => {
    for (const s of stores) {
      await new Promise((r) => s.mq?.close(() => r(undefined)));
      await (s.persistence as unknown as { destroy(cb: () => void): void } | undefined)?.destroy(
        () => undefined,
      );
    }
    for (const c of clusters) await c.close();
    for (const live of lives) await live.close();
    for (const prefix of [one, other]) {
      const keys = await raw.keys(`${prefix}*`);
      if (keys.length > 0) await raw.del(...keys);
    }
    raw.disconnect();
  });

  it('brings a kiosk command to the other node of the same installation, never to another installation on the same Redis', async () => {
    const deviceId = randomUUID();
    const exact = `sv/v1/d/${deviceId}/cmd`;
    const [atB, atStranger, wildB, wildStranger] = await Promise.all([
      listen(mq.b, exact),
      listen(mq.stranger, exact),
      listen(mq.b, 'sv/v1/d/+/cmd'),
      listen(mq.stranger, 'sv/v1/d/+/cmd'),
    ]);
    // Redis itself sees the channel under the installation's prefix (a literal, though it ends in a colon).
    const seen = new Redis(REDIS_URL);
    const channels: string[] = [];
    await seen.psubscribe('*');
    seen.on('pmessage', (_pattern, channel) => channels.push(channel));
    try {
      await emit(mq.a, { topic: exact, payload: 'to the kiosk' });
      await emit(mq.stranger, { topic: exact, payload: 'from the other installation' });
      const deadline = Date.now() + 5_000;
      while (atB.length + wildB.length + atStranger.length + wildStranger.length < 4) {
        if (Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      // Quiet for a moment more: a crossed message would arrive in the same few milliseconds.
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      seen.disconnect();
    }
    expect(atB.map((p) => String(p.payload))).toEqual(['to the kiosk']);
    expect(wildB.map((p) => String(p.payload))).toEqual(['to the kiosk']);
    expect(atStranger.map((p) => String(p.payload))).toEqual(['from the other installation']);
    expect(wildStranger.map((p) => String(p.payload))).toEqual(['from the other installation']);
    expect(channels).toContain(`${one}mqtt:${exact}`);
    expect(channels).toContain(`${other}mqtt:${exact}`);
    expect(channels).not.toContain(exact);
  });
});
