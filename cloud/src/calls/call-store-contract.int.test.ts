import { systemClock } from '@screenvisit/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { until } from '../../test/kits/calls.js';
import { openTestNode, type TestNode } from '../../test/kits/cluster.js';
import { hasRedis, testPrefix } from '../../test/redis.js';
import { createLogger } from '../kernel/logger.js';
import { CallMachine } from './call-machine.js';
import { type CallStore, createMemoryCallStore } from './call-store.js';
import { snapshotOf } from './handover.js';
import { createMemoryQueueBoard, type PoolQueueBoard } from './night-watch/pool-queue.js';
import { createRedisQueueBoard } from './night-watch/redis-pool-queue.js';
import { createRedisCallStore, type RedisCallStore } from './redis-call-store.js';
import type { LiveCall } from './types.js';

/**
 * One suite, run against each CallStore and PoolQueueBoard (style.md item 14): the memory ones of a single
 * node and the Redis ones of a cluster node answer alike for the node's own calls; the Redis ones also let
 * every node see the others'.
 */
const redisUp = await hasRedis();
const keys = testPrefix();
const nodes: TestNode[] = [];
let scopes = 0;
const scope = () => `${keys.prefix}${++scopes}:`;
afterAll(async () => {
  for (const node of nodes) await node.close();
  if (redisUp) await keys.cleanUp();
});
const log = createLogger({ level: 'silent' });

async function redisNode(prefix: string, nodeId: string) {
  const node = await openTestNode(prefix, nodeId);
  nodes.push(node);
  const store: RedisCallStore = createRedisCallStore({ ...node, log });
  await store.ready;
  return { node, store, board: createRedisQueueBoard({ ...node, log }) };
}

function liveCall(callId: string, callerId: string): LiveCall {
  const caller = { kind: 'citizen', id: callerId } as const;
  return {
    callId,
    requestId: 'r',
    municipalityId: 'm',
    caller,
    callerDisplayName: 'x',
    target: { kind: 'staff', id: 'staff-1' },
    attempt: { from: caller, to: { kind: 'staff', id: 'staff-1' } },
    slotId: null,
    group: false,
    machine: new CallMachine(callId, log),
    callerEndpoint: { id: 'ep-caller', owner: caller, party: caller },
    ringing: new Map(),
    released: new Set(),
    answerer: null,
    pool: null,
    autoAnswerAfterMs: null,
    ringAt: systemClock.now(),
    answerAt: null,
    connectedAt: null,
    timers: {},
    callerTold: false,
    early: null,
    held: null,
  };
}

const staff = { kind: 'staff', id: 'staff-1' } as const;

const stores: { name: string; make(): Promise<{ store: CallStore; nodeId: string }> }[] = [
  { name: 'memory', make: async () => ({ store: createMemoryCallStore('solo'), nodeId: 'solo' }) },
  ...(redisUp
    ? [{ name: 'Redis', make: async () => ({ store: (await redisNode(scope(), 'n')).store, nodeId: 'n' }) }]
    : []),
];

describe.each(stores)('the $name call store', ({ make }) => {
  it('holds a call from add to remove, with its summary and home node', async () => {
    const { store, nodeId } = await make();
    const call = liveCall('call-1', 'cit-1');
    store.add(call);
    expect(store.get('call-1')).toBe(call);
    expect(store.all()).toEqual([call]);
    expect(store.nodeOf('call-1')).toBe(nodeId);
    expect(store.summaries()).toEqual([
      { callId: 'call-1', node: nodeId, callerId: 'cit-1', answererId: null, state: 'ringing' },
    ]);
    store.remove('call-1');
    expect(store.get('call-1')).toBeUndefined();
    expect(store.nodeOf('call-1')).toBeUndefined();
    expect(store.all()).toEqual([]);
    expect(store.summaries()).toEqual([]);
  });

  it('shows the answerer and the new state once the call is updated', async () => {
    const { store } = await make();
    const call = liveCall('call-2', 'cit-2');
    store.add(call);
    call.answerer = { endpoint: { id: 'ep-staff', owner: staff, party: staff }, displayName: null };
    call.machine.fire({ type: 'accept' });
    store.update(call);
    expect(store.summaries()).toMatchObject([{ callId: 'call-2', answererId: 'staff-1', state: 'accepted' }]);
  });

  it('knows nothing of a call it never held', async () => {
    const { store } = await make();
    expect(store.get('nope')).toBeUndefined();
    expect(store.nodeOf('nope')).toBeUndefined();
    store.remove('nope');
    expect(store.summaries()).toEqual([]);
  });
});

const boards: { name: string; make(): Promise<PoolQueueBoard> }[] = [
  { name: 'memory', make: async () => createMemoryQueueBoard() },
  ...(redisUp ? [{ name: 'Redis', make: async () => (await redisNode(scope(), 'q')).board }] : []),
];

describe.each(boards)('the $name pool queue board', ({ make }) => {
  it('shows a pool’s queue head first and forgets it once emptied', async () => {
    const board = await make();
    expect(await board.read('pool-1')).toEqual([]);
    board.set('pool-1', [
      { callId: 'a', citizenId: 'c1', waitingSince: 100, position: 1 },
      { callId: 'b', citizenId: 'c2', waitingSince: 200, position: 2 },
    ]);
    await until(async () => (await board.read('pool-1')).length === 2, 'the queue');
    expect(await board.read('pool-1')).toEqual([
      { callId: 'a', citizenId: 'c1', waitingSince: 100, position: 1 },
      { callId: 'b', citizenId: 'c2', waitingSince: 200, position: 2 },
    ]);
    expect(await board.read('pool-2')).toEqual([]);
    board.set('pool-1', []);
    await until(async () => (await board.read('pool-1')).length === 0, 'the empty queue');
  });
});

describe.runIf(redisUp)('the Redis call store and queue board across nodes', () => {
  it('lets every node see where a call lives and who is busy in it, until it ends', async () => {
    const prefix = scope();
    const x = await redisNode(prefix, 'x');
    const y = await redisNode(prefix, 'y');
    const call = liveCall('shared-1', 'cit-9');
    x.store.add(call);
    await until(() => y.store.nodeOf('shared-1') === 'x', 'summary on y');
    expect(y.store.get('shared-1')).toBeUndefined();
    expect(y.store.all()).toEqual([]);
    call.answerer = { endpoint: { id: 'ep-staff', owner: staff, party: staff }, displayName: null };
    call.machine.fire({ type: 'accept' });
    x.store.update(call);
    await until(() => y.store.summaries()[0]?.state === 'accepted', 'update on y');
    expect(y.store.summaries()[0]).toMatchObject({ answererId: 'staff-1', node: 'x' });
    x.store.remove('shared-1');
    await until(() => y.store.nodeOf('shared-1') === undefined, 'removal on y');
  });

  it('reads the others’ calls again after its own bus connection broke', async () => {
    const prefix = scope();
    const x = await redisNode(prefix, 'x');
    const y = await redisNode(prefix, 'y');
    x.store.add(liveCall('old', 'cit-5'));
    await until(() => y.store.nodeOf('old') === 'x', 'summary on y');
    const resynced = new Promise<void>((resolve) => y.node.bus.onResync(resolve));
    const closed = new Promise((resolve) => y.node.subscriber.once('close', resolve));
    y.node.subscriber.disconnect(true);
    await closed;
    x.store.remove('old');
    x.store.add(liveCall('new', 'cit-6'));
    await resynced;
    await until(() => y.store.nodeOf('new') === 'x', 'the missed call', 5_000);
    expect(y.store.nodeOf('old')).toBeUndefined();
  });

  it('a node started later learns the calls already live on the others', async () => {
    const prefix = scope();
    const x = await redisNode(prefix, 'x');
    x.store.add(liveCall('before', 'cit-8'));
    await new Promise((r) => setTimeout(r, 50));
    const late = await redisNode(prefix, 'late');
    expect(late.store.nodeOf('before')).toBe('x');
  });

  it('drops the calls of a node that died', async () => {
    const prefix = scope();
    const x = await redisNode(prefix, 'x');
    const y = await redisNode(prefix, 'y');
    y.store.add(liveCall('dies', 'cit-7'));
    await until(() => x.store.nodeOf('dies') === 'y', 'summary on x');
    y.node.kill();
    await until(() => x.store.nodeOf('dies') === undefined, 'dropped', 5_000);
  });

  it('keeps a snapshot of each live call that exactly one survivor takes when its node dies, and none of an ended call', async () => {
    const prefix = scope();
    const x = await redisNode(prefix, 'x');
    const z = await redisNode(prefix, 'z');
    const y = await redisNode(prefix, 'y');
    const answered = liveCall('talking', 'cit-1');
    y.store.add(answered);
    answered.answerer = { endpoint: { id: 'ep-staff', owner: staff, party: staff }, displayName: 'Ida' };
    answered.released.add('ep-colleague');
    answered.machine.fire({ type: 'accept' });
    y.store.update(answered);
    y.store.add(liveCall('ended', 'cit-2'));
    y.store.remove('ended');
    await until(() => x.store.summaries().some((s) => s.state === 'accepted'), 'the update on x');
    y.node.kill();
    await until(() => x.store.nodeOf('talking') === undefined, 'y gone on x', 5_000);
    // Both survivors ask at once: one gets the snapshots, the other nothing.
    const [onX, onZ] = await Promise.all([x.store.takeOver('y'), z.store.takeOver('y')]);
    const taken = [...onX, ...onZ];
    expect(taken).toHaveLength(1);
    expect(onX.length === 0 || onZ.length === 0).toBe(true);
    expect(taken[0]).toMatchObject({
      callId: 'talking',
      state: 'accepted',
      // Ids only in Redis: the name the call knew is not written.
      answerer: { endpoint: { id: 'ep-staff' }, displayName: null },
      callerEndpoint: { id: 'ep-caller' },
      // The console told "taken": the adopter answers its late press as the home node would (answer.ts).
      released: ['ep-colleague'],
    });
    expect(await x.store.takeOver('y')).toEqual([]);
  });

  it('reads a snapshot written before released was carried (a node not yet upgraded) as releasing nobody', async () => {
    const prefix = scope();
    const x = await redisNode(prefix, 'x');
    const old = liveCall('older', 'cit-3');
    const { released: _, ...written } = snapshotOf(old)!;
    await x.node.redis.hset(`${prefix}callsnap:gone`, 'older', JSON.stringify(written));
    expect(await x.store.takeOver('gone')).toMatchObject([{ callId: 'older', released: [] }]);
  });

  it('merges the queues of every live node by waiting time, renumbered', async () => {
    const prefix = scope();
    const x = await redisNode(prefix, 'x');
    const y = await redisNode(prefix, 'y');
    x.board.set('pool', [{ callId: 'x1', citizenId: 'c1', waitingSince: 100, position: 1 }]);
    y.board.set('pool', [
      { callId: 'y1', citizenId: 'c2', waitingSince: 50, position: 1 },
      { callId: 'y2', citizenId: 'c3', waitingSince: 300, position: 2 },
    ]);
    await until(async () => (await x.board.read('pool')).length === 3, 'both parts');
    expect((await x.board.read('pool')).map((q) => [q.callId, q.position])).toEqual([
      ['y1', 1],
      ['x1', 2],
      ['y2', 3],
    ]);
    // A dead node's queued calls went with it.
    y.node.kill();
    await until(async () => (await x.board.read('pool')).length === 1, 'y gone', 5_000);
  });
});
