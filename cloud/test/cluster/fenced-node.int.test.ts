import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { municipalitiesTable, staffTable } from '../../src/db/index.js';
import { LOOPBACK_NETWORKS } from '../fixtures.js';
import { until } from '../kits/calls.js';
import { startTcpProxy } from '../kits/tcp-proxy.js';
import { type Console, openConsole } from './consoles.js';
import { enrolFleet, type SimKiosk, startKiosk } from './fleet.js';
import {
  clusterPartsAvailable,
  isNode,
  keepNodeLogsOnFailure,
  kioskOnB,
  startTwoNodes,
  TEST_REDIS_URL,
  type TwoNodes,
} from './two-nodes.js';

/**
 * A REAL node process cut off from Redis behind the REAL HAProxy (issue 14 §3 and §4; deploy/haproxy.cfg,
 * node/fencing.ts). Node B reaches Redis through a TCP proxy that the test black-holes (connections stay open,
 * nothing answers: the worst partition). B must fence itself (/readyz 503), HAProxy's /readyz check must take
 * it out of all three doors, and new kiosks and browsers coming through HAProxy must land on node A; once Redis
 * answers again B rejoins, HAProxy puts it back and it takes kiosks again. CLUSTER_NODE_TTL_SECONDS is 3 here
 * (production 15), so B fences about 2.4 s after the cut instead of 12 s.
 */
const usable = await clusterPartsAvailable();
const TTL_S = 3;
const BACKENDS = ['nodes_http', 'nodes_mqtt', 'nodes_mqtt_ws'] as const;

describe.runIf(usable)('HAProxy in front of a node fenced after losing Redis (two real processes)', () => {
  let nodes: TwoNodes;
  keepNodeLogsOnFailure(() => nodes);
  let redisProxy: Awaited<ReturnType<typeof startTcpProxy>>;
  const kiosks: SimKiosk[] = [];
  const consoles: Console[] = [];

  beforeAll(async () => {
    const redis = new URL(TEST_REDIS_URL);
    redisProxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    redis.port = String(redisProxy.port);
    nodes = await startTwoNodes(
      { CLUSTER_NODE_TTL_SECONDS: String(TTL_S) },
      { redisUrlOfB: redis.toString() },
    );
  }, 180_000);

  afterAll(async () => {
    redisProxy?.restore();
    for (const c of consoles) c.link.close();
    await Promise.all(kiosks.map((k) => k.stop()));
    await nodes?.close();
    await redisProxy?.close();
  }, 60_000);

  /** HAProxy's operational state of node b in each backend (`show servers state`: 2 running, 0 stopped). */
  const stateOfB = async () => {
    const rows = (await nodes.proxy.command('show servers state'))
      .split('\n')
      .map((line) => line.split(' '))
      .filter((f) => f[3] === 'b' && BACKENDS.includes(f[1] as (typeof BACKENDS)[number]));
    return rows.map((f) => f[5]).join(',');
  };
  const readyz = async (base: string) => {
    const response = await fetch(`${base}/readyz`);
    return { status: response.status, body: (await response.json()) as { node?: string; checks?: object } };
  };
  const holderOf = (deviceId: string) => nodes.redis.hget('device-holder', deviceId);

  it('takes the fenced node out, sends new kiosks and browsers to the other node, and puts it back once Redis answers', async () => {
    const [municipality] = await nodes.db.db
      .insert(municipalitiesTable)
      .values({ name: 'Kommune afskåret', settings: { staffNetworks: LOOPBACK_NETWORKS } })
      .returning();
    const municipalityId = municipality!.id;
    const [staff] = await nodes.db.db
      .insert(staffTable)
      .values({ municipalityId, username: 'vagt-fence', displayName: 'V', role: 'staff' })
      .returning();
    const [onB, arriving, secondArriving, afterHeal] = await enrolFleet(nodes.db, municipalityId, 4, 'fence');
    const mqttDoor = `mqtt://127.0.0.1:${nodes.proxy.ports.mqtt}`;
    const httpDoor = `http://127.0.0.1:${nodes.proxy.ports.http}`;
    const kiosk = (credential: NonNullable<typeof onB>) => {
      const k = startKiosk(credential, mqttDoor, { heartbeatMs: 2_000 });
      kiosks.push(k);
      return k;
    };

    // A kiosk on B before the cut.
    const first = await kioskOnB(nodes, () => kiosk(onB!), 'the first kiosk on node B', 15_000);
    expect(await stateOfB()).toBe('2,2,2');

    const cutAt = Date.now();
    redisProxy.blackhole();
    await until(async () => (await readyz(nodes.b.base)).status === 503, 'node B fenced', 10 * TTL_S * 1000);
    const fencedAfter = (Date.now() - cutAt) / 1000;
    expect((await readyz(nodes.b.base)).body.checks).toMatchObject({ cluster: 'fenced' });
    await until(async () => (await stateOfB()) === '0,0,0', 'HAProxy taking node B out', 15_000);
    const outAfter = (Date.now() - cutAt) / 1000;

    // The kiosk B sent away, and new ones, all come through HAProxy to A.
    await until(
      async () => isNode(await holderOf(first.deviceId), 'node-a'),
      'the cut kiosk on node A',
      30_000,
    );
    const newcomers = [kiosk(arriving!), kiosk(secondArriving!)];
    await until(
      async () =>
        (await Promise.all(newcomers.map((k) => holderOf(k.deviceId)))).every((h) => isNode(h, 'node-a')),
      'new kiosks on node A',
      30_000,
    );
    // A browser: every request and its signalling socket reach A.
    for (let i = 0; i < 4; i++) {
      const answer = await readyz(httpDoor);
      expect(answer.status).toBe(200);
      expect(isNode(answer.body.node, 'node-a'), answer.body.node).toBe(true);
    }
    const watch = await openConsole(nodes.db, httpDoor, municipalityId, staff!.id);
    consoles.push(watch);
    // Its entry names the surface it declared at open (realtime/cluster/redis-registry.ts).
    const owner = JSON.stringify({ kind: 'staff', id: staff!.id, surface: 'nightwatch' });
    const onA = async () => {
      const [incarnation] = (await nodes.redis.smembers('nodes')).filter((id) => isNode(id, 'node-a'));
      return Object.values(await nodes.redis.hgetall(`reg:${incarnation}`)).includes(owner);
    };
    // Listed in A's registry AND welcomed: the registry entry can be written before the welcome arrives.
    await until(async () => (await onA()) && watch.welcomes() === 1, 'the console on node A', 15_000);

    // Redis answers again: B rejoins, HAProxy puts it back, and it takes kiosks again.
    const restoredAt = Date.now();
    redisProxy.restore();
    await until(async () => (await readyz(nodes.b.base)).status === 200, 'node B ready again', 60_000);
    await until(async () => (await stateOfB()) === '2,2,2', 'HAProxy putting node B back', 15_000);
    const backAfter = (Date.now() - restoredAt) / 1000;
    await kioskOnB(nodes, () => kiosk(afterHeal!), 'a new kiosk on node B', 30_000);
    // Nothing B still believed it held moved back: the cut kiosk stays on A.
    expect(isNode(await holderOf(first.deviceId), 'node-a')).toBe(true);
    console.info(
      `[cluster] TTL ${TTL_S} s: B fenced ${fencedAfter.toFixed(1)} s after the Redis cut, out of HAProxy ` +
        `${outAfter.toFixed(1)} s after it; back in HAProxy ${backAfter.toFixed(1)} s after Redis returned`,
    );
  }, 180_000);
});
