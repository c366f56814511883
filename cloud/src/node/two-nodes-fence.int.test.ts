import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { careWorld, connect, until } from '../../test/kits/calls.js';
import { startTcpProxy } from '../../test/kits/tcp-proxy.js';
import {
  startTwoNodes,
  TWO_NODES_TTL_MS,
  type TwoNodes,
  twoNodesPossible,
} from '../../test/kits/two-nodes.js';
import { TEST_REDIS_URL } from '../../test/redis.js';
import type { TestCloud } from '../../test/test-cloud.js';
import { callRecordsTable } from '../db/index.js';
import { CLOSE_SERVICE_RESTART } from '../realtime/ws/server.js';

/**
 * Split brain (issue 14 §4; realtime/cluster/bus.ts FENCING): node B reaches Redis through a TCP proxy that the
 * test black-holes (a network partition: connections stay open, nothing answers) for longer than the liveness
 * TTL, so node A counts B dead and adopts its calls. B must have let go first (fenced), and must rejoin without
 * owning anything twice when Redis answers again. test/kits/two-nodes.ts: two nodes in one process.
 */
const run = await twoNodesPossible();
let nodes: TwoNodes | undefined;
let proxy: Awaited<ReturnType<typeof startTcpProxy>> | undefined;
let a: TestCloud;
let b: TestCloud;
beforeAll(async () => {
  if (!run) return;
  const redis = new URL(TEST_REDIS_URL);
  proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
  redis.port = String(proxy.port);
  nodes = await startTwoNodes({ redisUrlOfB: redis.toString() });
  ({ a, b } = nodes);
});
afterAll(async () => {
  proxy?.restore();
  await nodes?.close();
  await proxy?.close();
});

const readiness = async (t: TestCloud) => {
  const response = await fetch(`${t.base}/readyz`);
  return { status: response.status, body: (await response.json()) as { checks: { cluster: string } } };
};

describe.runIf(run)('a node cut off from Redis for longer than its liveness TTL', () => {
  it('fences itself (its calls released, its sockets sent away, /readyz 503) so the survivor alone owns its call, and rejoins cleanly when Redis is back', async () => {
    const w = await careWorld(a);
    const watch = await connect(a, w.watchA);
    await until(() => b.cloud.calls.reachable(w.watchA.id), 'the console on A seen from B');
    // The resident's call is homed on B and rings the console on A.
    const resident = await connect(b, w.resident);
    let closedWith: number | undefined;
    resident.ws.once('close', (code) => {
      closedWith = code;
    });
    resident.send({ type: 'call.place', requestId: 'fence1', to: { kind: 'pool', id: w.pool.id } });
    const { callId } = await resident.next('call.ringing');
    await watch.next('call.incoming', (m) => m.callId === callId);
    expect(b.cloud.calls.liveCalls()).toEqual([{ callId, state: 'ringing' }]);

    const cutAt = Date.now();
    proxy!.blackhole();
    // B lets go before A counts it dead: its page is sent away to reconnect elsewhere, it says not ready.
    await until(() => closedWith !== undefined, 'the page on node B sent away', 5 * TWO_NODES_TTL_MS);
    expect(closedWith).toBe(CLOSE_SERVICE_RESTART);
    const fencedAfter = (Date.now() - cutAt) / 1000;
    expect(b.cloud.calls.liveCalls()).toEqual([]);
    expect(await readiness(b)).toEqual({
      status: 503,
      body: expect.objectContaining({
        status: 'not_ready',
        checks: expect.objectContaining({ cluster: 'fenced' }),
      }),
    });
    // A adopts the call from B's snapshot and rings its console again, under the same call.
    await until(
      () => watch.messages.filter((m) => m.type === 'call.incoming' && m.callId === callId).length === 2,
      'the call rung again from node A',
      5 * TWO_NODES_TTL_MS,
    );
    expect(a.cloud.calls.liveCalls()).toEqual([{ callId, state: 'ringing' }]);
    const reRungAfter = (Date.now() - cutAt) / 1000;
    // The resident's page reconnects (through HAProxy, to the live node) and the console answers.
    const back = await connect(a, w.resident, resident.resumeToken);
    watch.send({ type: 'call.accept', callId });
    expect(await back.next('call.accepted')).toMatchObject({
      callId,
      by: { kind: 'staff', id: w.watchA.id },
    });

    const restoredAt = Date.now();
    proxy!.restore();
    await until(async () => (await readiness(b)).status === 200, 'node B ready again', 20 * TWO_NODES_TTL_MS);
    const readyAfter = (Date.now() - restoredAt) / 1000;
    expect((await readiness(b)).body.checks.cluster).toBe('ok');
    // One owner after the heal: A. B took nothing back and wrote no record.
    expect(b.cloud.calls.liveCalls()).toEqual([]);
    expect(a.cloud.calls.liveCalls()).toEqual([{ callId, state: 'accepted' }]);
    const records = () =>
      a.cloud.db.db.select().from(callRecordsTable).where(eq(callRecordsTable.callId, callId));
    expect(await records()).toEqual([]);
    // B takes connections again, and A sees them (its registry frames flow).
    const onB = await connect(b, w.watchB);
    await until(() => a.cloud.calls.reachable(w.watchB.id), 'a console on the rejoined B seen from A');

    back.send({ type: 'call.hangup', callId });
    expect(await watch.next('call.ended', (m) => m.callId === callId)).toMatchObject({ reason: 'hung_up' });
    await until(async () => (await records()).length === 1, 'the call record');
    await new Promise((r) => setTimeout(r, 300));
    expect(await records()).toHaveLength(1);
    expect(watch.messages.filter((m) => m.type === 'call.ended' && m.callId === callId)).toHaveLength(1);
    console.info(
      `[cluster] TTL ${TWO_NODES_TTL_MS / 1000} s: B fenced ${fencedAfter.toFixed(1)} s after the cut, the call rung ` +
        `again from A ${reRungAfter.toFixed(1)} s after it; B ready ${readyAfter.toFixed(1)} s after Redis was back ` +
        `(cut for ${((restoredAt - cutAt) / 1000).toFixed(1)} s)`,
    );
    for (const c of [watch, back, onB]) c.ws.close();
  }, 60_000);
});
