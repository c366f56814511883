import { deviceTopic, type ServerMessage } from '@screenvisit/protocol';
import { eq } from 'drizzle-orm';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll } from 'vitest';
import { requireOrSkip } from '../../../test-support/requirements.js';
import { devicesTable } from '../../src/db/index.js';
import type { CloudConfig } from '../../src/kernel/config.js';
import { enrolTestDevice } from '../devices.js';
import { createTestDatabase, testDatabaseKind } from '../postgres-database.js';
import { clusterNodeEnv, hasRedis, TEST_REDIS_URL, testPrefix } from '../redis.js';
import { startTestCloud, type TestCloud } from '../test-cloud.js';
import { type Client, until } from './calls.js';

/**
 * For tests only: two cloud nodes in one process (issue 14 §2), each configured as a production node is
 * (docs/operations.md#two-nodes): REDIS_URL, REDIS_KEY_PREFIX (the test file's own, so files running side by side
 * share no keys or channels), NODE_ID, CLUSTER_NODE_TTL_SECONDS, one PostgreSQL database (one of their own) and the
 * same SECRETS_KEY and VAPID pair. Every part that chooses Redis reads that config, as in production: the registry,
 * calls and night-watch queues (node/shared-state.ts), and the broker's sessions and routing, the kiosk directory,
 * the device bus and the limiters (cluster/index.ts). Before, Redis reached only the first half (an option of
 * startCloud), so the rest stayed per node here while it was shared in production. Each node has its own HTTP,
 * WebSocket and MQTT ports; clients are real WebSockets and real MQTT kiosks, each talking to ONE node, as behind
 * HAProxy. A node's id is NODE_ID with a suffix new on every start (`a.cloud.nodeId`), as in production.
 */
export interface TwoNodes {
  readonly a: TestCloud;
  readonly b: TestCloud;
  readonly prefix: string;
  close(): Promise<void>;
}

/** The nodes' liveness TTL: a node killed (or cut off) in a test is noticed in seconds, not the production 15 s. */
export const TWO_NODES_TTL_MS = 3_000;

/** Whether the two-node suites run: Redis and the real PostgreSQL server (skipped loudly, failing under CI=true). */
/** Two nodes need Redis and one shared PostgreSQL (two processes cannot share a PGlite folder); each missing part skips LOUDLY, and fails under CI=true. */
export const twoNodesPossible = async () =>
  (await hasRedis()) &&
  requireOrSkip(
    'PostgreSQL for two cloud nodes',
    (await testDatabaseKind()) === 'postgres',
    'start PostgreSQL on 127.0.0.1:5432 with a database `test` (PGlite cannot be shared by two nodes)',
  );

/** What every node of one pair runs with alike: the database, the keys and the Redis key prefix. */
type SharedEnv = Record<string, string>;

/** One node of a pair, on Redis at `url` (node B may reach it another way, e.g. through a TCP proxy a test cuts). */
const startNode = (shared: SharedEnv, nodeId: string, url = TEST_REDIS_URL) =>
  startTestCloud({
    ...shared,
    REDIS_URL: url,
    NODE_ID: nodeId,
    CLUSTER_NODE_TTL_SECONDS: String(TWO_NODES_TTL_MS / 1000),
    CALL_PERMISSION_RECHECK_SECONDS: '0',
  });

/** What a running node of the pair shares with the others, for a node joining later. */
function sharedEnvOf(config: CloudConfig): SharedEnv {
  const { DATABASE_URL, SECRETS_KEY, VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, REDIS_KEY_PREFIX } = config;
  if (!DATABASE_URL || !SECRETS_KEY || !VAPID_PUBLIC_KEY || !VAPID_PRIVATE_KEY)
    throw new Error('not a node of two: DATABASE_URL, SECRETS_KEY or the VAPID pair is missing');
  return { DATABASE_URL, SECRETS_KEY, VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, REDIS_KEY_PREFIX };
}

/** `redisUrlOfB`: node B reaches the same Redis another way, e.g. through a TCP proxy a test cuts. */
export async function startTwoNodes(options: { redisUrlOfB?: string } = {}): Promise<TwoNodes> {
  const database = await createTestDatabase();
  const keys = testPrefix();
  // clusterNodeEnv: the database, SECRETS_KEY and the VAPID pair, which kernel/config.ts requires with REDIS_URL.
  const shared = { ...clusterNodeEnv(database.url), REDIS_KEY_PREFIX: keys.prefix };
  const a = await startNode(shared, 'node-a');
  const b = await startNode(shared, 'node-b', options.redisUrlOfB);
  return {
    a,
    b,
    prefix: keys.prefix,
    async close() {
      await b.close();
      await a.close();
      await database.drop();
      await keys.cleanUp();
    },
  };
}

/**
 * A third node joining the two now (their database, keys and Redis prefix), as a node does after a rolling
 * restart: it heard nothing the two heard before it started. The test closes it (the database stays).
 */
export function startLateNode(two: { a: TestCloud }, nodeId: string): Promise<TestCloud> {
  return startNode(sharedEnvOf(two.a.config), nodeId, two.a.config.REDIS_URL);
}

/**
 * One test file's two nodes (the setup the two-node suites share): started once before the file's tests and
 * closed after them, when this machine has the parts (`run`: skipped loudly otherwise, failing under CI=true).
 * Read `a`, `b` and `prefix` inside the tests, once the nodes are up.
 */
export async function twoNodesSuite() {
  const run = await twoNodesPossible();
  let nodes: TwoNodes | undefined;
  beforeAll(async () => {
    if (run) nodes = await startTwoNodes();
  });
  afterAll(async () => {
    await nodes?.close();
  });
  const up = () => {
    if (!nodes) throw new Error('the two nodes are not started (is the suite skipped?)');
    return nodes;
  };
  return {
    run,
    get a() {
      return up().a;
    },
    get b() {
      return up().b;
    },
    get prefix() {
      return up().prefix;
    },
  };
}

/** A kiosk enrolled through node `t` and lent to `citizenId`, not connected yet (it may connect to several nodes in turn). */
export async function enrolKiosk(
  t: TestCloud,
  citizenId: string,
  serial = `TWO-${Date.now()}-${Math.random()}`,
) {
  const device = await enrolTestDevice(t, serial);
  await t.cloud.db.db.update(devicesTable).set({ citizenId }).where(eq(devicesTable.id, device.deviceId));
  return device;
}

/** A real kiosk over MQTT on node `t`, lent to `citizenId`. */
export async function kioskOn(t: TestCloud, citizenId: string) {
  return kioskSession(t, await enrolKiosk(t, citizenId));
}

/** The resident presses the kiosk's button: a call to the pool over MQTT, placed once `console` rings with it. */
export async function placeFromKiosk(
  kiosk: KioskSession,
  console: Client,
  poolId: string,
  requestId: string,
): Promise<string> {
  await kiosk.up({ type: 'call.place', requestId, to: { kind: 'pool', id: poolId } });
  return (await console.next('call.incoming')).callId;
}

export type KioskSession = Awaited<ReturnType<typeof kioskSession>>;

/**
 * An enrolled kiosk's MQTT session on node `t` with its `sig/down` subscribed (a kiosk moving between nodes
 * connects again with the same device). `clean: false` keeps its session on a node across connections.
 */
export async function kioskSession(
  t: TestCloud,
  device: { deviceId: string; mqttPassword: string },
  options: { clean?: boolean } = {},
) {
  const client: MqttClient = await connectAsync(`mqtt://127.0.0.1:${t.cloud.ports.mqtt}`, {
    clientId: device.deviceId,
    username: device.deviceId,
    password: device.mqttPassword,
    reconnectPeriod: 0,
    ...(options.clean === false ? { clean: false } : {}),
  });
  const down: ServerMessage[] = [];
  client.on('message', (_topic, payload) => down.push(JSON.parse(String(payload)) as ServerMessage));
  await client.subscribeAsync(deviceTopic(device.deviceId, 'sig/down'), { qos: 1 });
  const up = (message: Record<string, unknown>) =>
    client.publishAsync(deviceTopic(device.deviceId, 'sig/up'), JSON.stringify({ v: 1, ...message }), {
      qos: 1,
    });
  const next = async <T extends ServerMessage['type']>(type: T) => {
    await until(() => down.some((m) => m.type === type), `${type} on the kiosk`);
    return down.find((m) => m.type === type) as Extract<ServerMessage, { type: T }>;
  };
  return { deviceId: device.deviceId, client, down, up, next };
}
