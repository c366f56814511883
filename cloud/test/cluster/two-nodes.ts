import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { Redis } from 'ioredis';
import { beforeEach } from 'vitest';
import {
  executableExists,
  requireOrSkip,
  TEST_POSTGRES_URL,
  tcpReachable,
} from '../../../test-support/requirements.js';
import { type Database, openDatabase } from '../../src/db/index.js';
import { createLogger } from '../../src/kernel/logger.js';
import { until } from '../kits/calls.js';
import { type CloudProcess, startCloudProcess } from '../kits/cloud-process.js';
import { createTestDatabase } from '../postgres-database.js';
import { clusterNodeEnv } from '../redis.js';
import { HAPROXY_PATH, type RunningHaproxy, startHaproxy } from './haproxy.js';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/11';

/** Whether this machine has what two real nodes need; skips loudly (fails under CI=true) when it does not. */
export async function clusterPartsAvailable(): Promise<boolean> {
  const pg = new URL(TEST_POSTGRES_URL);
  const redis = new URL(TEST_REDIS_URL);
  return (
    requireOrSkip(
      'HAProxy',
      executableExists(HAPROXY_PATH),
      'apt-get install haproxy, or set HAPROXY_PATH',
    ) &&
    requireOrSkip(
      'Redis',
      await tcpReachable(redis.hostname, Number(redis.port || 6379)),
      'apt-get install redis-server and start it, or set TEST_REDIS_URL',
    ) &&
    requireOrSkip(
      'PostgreSQL',
      await tcpReachable(pg.hostname, Number(pg.port || 5432)),
      'two processes share one database: the real server is needed',
    )
  );
}

/**
 * Whether a node id in Redis or /readyz is the process started with NODE_ID `name`: a node's one id is NODE_ID
 * with a suffix new on every start (node/shared-state.ts clusterOptionsOf), so `node-b2` is not `node-b`.
 */
export const isNode = (id: string | null | undefined, name: string): boolean =>
  id !== null && id !== undefined && new RegExp(`^${name}-[0-9a-f]{6}$`).test(id);

export interface TwoNodes {
  a: CloudProcess;
  b: CloudProcess;
  readonly proxy: RunningHaproxy;
  /** The shared database, for arranging rows and reading outcomes. */
  readonly db: Database;
  /** The shared Redis, under this run's own key prefix. */
  readonly redis: Redis;
  readonly prefix: string;
  /** Node A's env, to start another node on the same database and Redis. */
  readonly env: (nodeId: string) => Record<string, string>;
  /** The processes startTwoNodes started (a test may have replaced a or b since). */
  readonly processes: readonly CloudProcess[];
  /** Set by keepNodeLogsOnFailure when a test failed: close() then leaves the nodes' log files in place. */
  keepLogs: boolean;
  close(): Promise<void>;
}

/** Lines of each node's log printed when a test fails; the whole log stays in the file it names. */
const LOG_TAIL_LINES = 60;

/**
 * Call once in a describe block of a suite that starts two nodes: when one of its tests fails, the tail of every
 * node's log (stdout and stderr, kits/cloud-process.ts) is printed with the path of the whole file, and the files
 * are kept. A CI failure is then diagnosable from the run's output alone.
 */
export function keepNodeLogsOnFailure(nodes: () => TwoNodes | undefined): void {
  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      const running = nodes();
      if (!running) return;
      running.keepLogs = true;
      for (const node of new Set([...running.processes, running.a, running.b])) {
        let text = '';
        try {
          text = readFileSync(node.logFile, 'utf8');
        } catch (error) {
          text = `(unreadable: ${String(error)})`;
        }
        const tail = text.trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
        console.error(
          `[cluster] log of pid ${node.child.pid}: ${node.logFile} (last ${LOG_TAIL_LINES} lines)\n${tail}`,
        );
      }
    });
  });
}

/**
 * Two REAL cloud processes (cloud/src/main.ts, the repo's start entry) on one fresh PostgreSQL database and one
 * Redis under a key prefix of this run's own (in database 11 of TEST_REDIS_URL by default), with HAProxy and the
 * documented deploy/haproxy.cfg in front. Node ids are `node-a` and `node-b`. `redisUrlOfB`: node B reaches the
 * same Redis another way, e.g. through a TCP proxy (kits/tcp-proxy.ts) that a test black-holes.
 */
export async function startTwoNodes(
  extraEnv: Record<string, string> = {},
  options: { redisUrlOfB?: string } = {},
): Promise<TwoNodes> {
  const database = await createTestDatabase();
  const prefix = `sv-test-${process.pid}-${randomBytes(3).toString('hex')}:`;
  // The same PostgreSQL and keys on both nodes, as production needs (kernel/config.ts refuses REDIS_URL without).
  const shared = clusterNodeEnv(database.url);
  const env = (nodeId: string) => ({
    ...shared,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    NODE_ID: nodeId,
    // Behind the proxy: X-Forwarded-For from 127.0.0.1 is believed, as in production from HAProxy's address.
    TRUSTED_PROXIES: '127.0.0.1/32',
    ...extraEnv,
  });
  const started: CloudProcess[] = [];
  let proxy: RunningHaproxy | null = null;
  let db: Database | null = null;
  const redis = new Redis(TEST_REDIS_URL, { keyPrefix: prefix, lazyConnect: true });
  let self: TwoNodes | null = null;
  const cleanUp = async () => {
    await proxy?.stop();
    for (const node of started) await node.kill();
    // A test may have replaced a node (killed and started again): stop whatever runs now too.
    if (self) for (const node of [self.a, self.b]) await node.kill();
    if (!self?.keepLogs)
      for (const node of new Set([...started, ...(self ? [self.a, self.b] : [])]))
        rmSync(node.logFile, { force: true });
    await db?.close();
    await database.drop();
    // Only this run's keys: the Redis is shared with other engineers' tests.
    const raw = new Redis(TEST_REDIS_URL);
    try {
      const keys = await raw.keys(`${prefix}*`);
      if (keys.length > 0) await raw.del(...keys);
    } finally {
      raw.disconnect();
    }
    redis.disconnect();
  };
  try {
    await redis.connect();
    // One at a time: both would migrate the same empty database (the second waits on the migration lock anyway).
    const a = await startCloudProcess(env('node-a'));
    started.push(a);
    const b = await startCloudProcess({
      ...env('node-b'),
      ...(options.redisUrlOfB ? { REDIS_URL: options.redisUrlOfB } : {}),
    });
    started.push(b);
    proxy = await startHaproxy({ a: a.ports, b: b.ports });
    db = await openDatabase({ url: database.url, dataDir: '', log: createLogger({ level: 'silent' }) });
    self = { a, b, proxy, db, redis, prefix, env, processes: started, keepLogs: false, close: cleanUp };
    return self;
  } catch (error) {
    await cleanUp().catch(() => undefined);
    throw error;
  }
}

/**
 * The kiosk `start` starts lands on node B: HAProxy's MQTT door has node A drained until Redis names node B its
 * holder, and A is ready again afterwards (for kiosks sent back to it later).
 */
export async function kioskOnB<K extends { readonly deviceId: string }>(
  nodes: TwoNodes,
  start: () => K,
  what: string,
  timeoutMs: number,
): Promise<K> {
  await nodes.proxy.command('set server nodes_mqtt/a state drain');
  try {
    const kiosk = start();
    await until(
      async () => isNode(await nodes.redis.hget('device-holder', kiosk.deviceId), 'node-b'),
      what,
      timeoutMs,
    );
    return kiosk;
  } finally {
    await nodes.proxy.command('set server nodes_mqtt/a state ready');
  }
}
