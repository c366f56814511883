import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import webpush from 'web-push';
import { Fleet } from './fleet.js';
import { benchDatabase, seedFleet } from './seed.js';
import { cpuSeconds, rssKb, sleep, startCloudProcess } from './servers.js';
import { CLOUD_ACK_QOS, waitSettled } from './settled.js';

const REDIS_URL = process.env.BENCH_SCALE_REDIS_URL ?? 'redis://127.0.0.1:6379/11';

export interface PairFigures {
  connectS: number;
  /** CPU milliseconds per CONNECT, both nodes together, and the fleet's (the bench process). */
  serverMsPerConnect: number;
  fleetMsPerConnect: number;
  kbPerDevice: number;
  heartbeatCpu: number;
  pushS: number;
  apiS: number;
}

/**
 * Two cloud nodes on one PostgreSQL database and one Redis (REDIS_URL, a key prefix of this run's own), half
 * of the N kiosks connected to each node's MQTT port directly, and ONE bulk push issued on node A: so half
 * the commands cross to node B over the cluster bus. Memory and CPU are the two processes' sums.
 */
export async function twoNodeRun(
  root: string,
  n: number,
  options: { inFlight: number; heartbeatWindowS: number; progress: (what: string) => void },
): Promise<PairFigures> {
  const { progress } = options;
  const database = await benchDatabase();
  const prefix = `sv-bench-${randomBytes(3).toString('hex')}:`;
  // The same keys on both nodes: a cloud with REDIS_URL refuses to start without them (kernel/config.ts).
  const vapid = webpush.generateVAPIDKeys();
  const keys = {
    SECRETS_KEY: randomBytes(32).toString('base64'),
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
  };
  const env = (node: string) => ({
    ...keys,
    DATABASE_URL: database.url,
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    NODE_ID: node,
  });
  const servers: Awaited<ReturnType<typeof startCloudProcess>>[] = [];
  const fleets: Fleet[] = [];
  try {
    progress('starting two cloud nodes');
    servers.push(await startCloudProcess(root, env('bench-a')));
    servers.push(await startCloudProcess(root, env('bench-b')));
    const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
    progress('seeding');
    const { db, devices, headers } = await seedFleet(database.url, n);
    await db.close();
    const half = Math.floor(n / 2);
    fleets.push(
      new Fleet(a.url, devices.slice(0, half), CLOUD_ACK_QOS),
      new Fleet(b.url, devices.slice(half), CLOUD_ACK_QOS),
    );
    await sleep(2_000);
    const rss = () => rssKb(a.pid) + rssKb(b.pid);
    const cpu = () => cpuSeconds(a.pid) + cpuSeconds(b.pid);
    const before = rss();
    progress('connecting, half to each node');
    const [cpuConnect0, fleetCpu0] = [cpu(), process.cpuUsage()];
    const connectS = Math.max(
      ...(await Promise.all(fleets.map((f) => f.connectAll(Math.max(1, options.inFlight / 2))))),
    );
    const serverMsPerConnect = ((cpu() - cpuConnect0) * 1000) / n;
    const fleetCpu = process.cpuUsage(fleetCpu0);
    const fleetMsPerConnect = (fleetCpu.user + fleetCpu.system) / 1000 / n;
    await sleep(5_000);
    const kbPerDevice = (rss() - before) / n;
    progress('heartbeats');
    for (const fleet of fleets) fleet.startHeartbeats(30_000);
    await sleep(2_000);
    const cpu0 = cpu();
    const t0 = performance.now();
    await sleep(options.heartbeatWindowS * 1000);
    const heartbeatCpu = (100 * (cpu() - cpu0)) / ((performance.now() - t0) / 1000);
    progress('push to all (one API call on node A)');
    const acked = Promise.all(fleets.map((f) => f.acksFrom(f.acked, f.devices.length)));
    const started = performance.now();
    const response = await fetch(`${a.base}/api/devices/config`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ scope: { kind: 'municipality' }, changes: { volume: 35 } }),
    });
    if (response.status !== 202) throw new Error(`bulk push: ${response.status} ${await response.text()}`);
    const apiS = (performance.now() - started) / 1000;
    await acked;
    // At QoS 0 (the agent's for config acks) an ack written is not yet settled: the push ends with the outbox.
    await waitSettled(database.url);
    return {
      connectS,
      serverMsPerConnect,
      fleetMsPerConnect,
      kbPerDevice,
      heartbeatCpu,
      apiS,
      pushS: (performance.now() - started) / 1000,
    };
  } finally {
    for (const fleet of fleets) await fleet.close();
    for (const server of servers) await server.stop();
    await database.drop();
    const redis = new Redis(REDIS_URL);
    try {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  }
}
