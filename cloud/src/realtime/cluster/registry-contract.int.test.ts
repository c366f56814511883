import { afterAll, describe, expect, it } from 'vitest';
import { until } from '../../../test/kits/calls.js';
import { openTestNode, type TestNode } from '../../../test/kits/cluster.js';
import { hasRedis, testPrefix } from '../../../test/redis.js';
import { type ConnectionRegistry, createMemoryRegistry } from '../registry.js';

/**
 * One suite, run against each ConnectionRegistry (style.md item 14): the memory one of a single node and the
 * Redis one of a cluster node must answer every question alike for the connections on their own node.
 */
const redisUp = await hasRedis();
const keys = testPrefix();
const nodes: TestNode[] = [];
let scopes = 0;
/** Each test's nodes form a cluster of their own (a prefix of their own under this file's). */
const scope = () => `${keys.prefix}${++scopes}:`;
afterAll(async () => {
  for (const node of nodes) await node.close();
  if (redisUp) await keys.cleanUp();
});

const implementations: { name: string; make(): Promise<{ registry: ConnectionRegistry; nodeId: string }> }[] =
  [
    { name: 'memory', make: async () => ({ registry: createMemoryRegistry('solo'), nodeId: 'solo' }) },
    ...(redisUp
      ? [
          {
            name: 'Redis',
            async make() {
              const node = await openTestNode(scope(), 'contract');
              nodes.push(node);
              return { registry: node.registry, nodeId: node.nodeId };
            },
          },
        ]
      : []),
  ];

const nurse = { kind: 'staff', id: 'staff-1' } as const;
const kiosk = { kind: 'device', id: 'dev-1' } as const;

describe.each(implementations)('the $name connection registry', ({ make }) => {
  it('lists every connection of an owner on this node and nothing after it closed', async () => {
    const { registry, nodeId } = await make();
    registry.add('c1', nurse);
    registry.add('c2', nurse);
    registry.add('device:dev-1', kiosk);
    expect(registry.connectionsOf(nurse).sort()).toEqual(['c1', 'c2']);
    expect(registry.connectionsOf(kiosk)).toEqual(['device:dev-1']);
    expect(registry.nodeOf('c1')).toBe(nodeId);
    expect(registry.size()).toBe(3);
    registry.remove('c1');
    expect(registry.connectionsOf(nurse)).toEqual(['c2']);
    expect(registry.nodeOf('c1')).toBeUndefined();
    expect(registry.size()).toBe(2);
  });

  it('holds a connection with no owner yet, and moves it when its owner is set', async () => {
    const { registry, nodeId } = await make();
    registry.add('anon', null);
    expect(registry.nodeOf('anon')).toBe(nodeId);
    expect(registry.connectionsOf(nurse)).toEqual([]);
    registry.setOwner('anon', nurse);
    expect(registry.connectionsOf(nurse)).toEqual(['anon']);
    registry.setOwner('anon', { kind: 'citizen', id: 'cit-1' });
    expect(registry.connectionsOf(nurse)).toEqual([]);
    expect(registry.connectionsOf({ kind: 'citizen', id: 'cit-1' })).toEqual(['anon']);
  });

  it('follows an owner from one connection to several and back, and forgets the last one', async () => {
    const { registry } = await make();
    registry.add('device:dev-1', kiosk);
    registry.add('device:dev-1', kiosk);
    expect(registry.connectionsOf(kiosk)).toEqual(['device:dev-1']);
    registry.add('c1', nurse);
    registry.add('c2', nurse);
    registry.add('c3', nurse);
    registry.remove('c2');
    expect(registry.connectionsOf(nurse).sort()).toEqual(['c1', 'c3']);
    registry.remove('c1');
    expect(registry.connectionsOf(nurse)).toEqual(['c3']);
    registry.add('c4', nurse);
    expect(registry.connectionsOf(nurse).sort()).toEqual(['c3', 'c4']);
    registry.remove('c3');
    registry.remove('c4');
    registry.remove('device:dev-1');
    expect(registry.connectionsOf(nurse)).toEqual([]);
    expect(registry.connectionsOf(kiosk)).toEqual([]);
    expect(registry.size()).toBe(0);
  });

  it('keeps owners of different kinds with the same id apart', async () => {
    const { registry } = await make();
    registry.add('s', { kind: 'staff', id: 'same' });
    registry.add('c', { kind: 'citizen', id: 'same' });
    expect(registry.connectionsOf({ kind: 'staff', id: 'same' })).toEqual(['s']);
    expect(registry.connectionsOf({ kind: 'citizen', id: 'same' })).toEqual(['c']);
  });

  it('lists only the connections that declared a surface when asked for it, and keeps it when the owner is set', async () => {
    const { registry } = await make();
    registry.add('console', nurse, 'nightwatch');
    registry.add('day-page', nurse);
    registry.add('later', null, 'nightwatch');
    expect(registry.connectionsOf(nurse).sort()).toEqual(['console', 'day-page']);
    expect(registry.connectionsOf(nurse, 'nightwatch')).toEqual(['console']);
    registry.setOwner('later', nurse);
    expect(registry.connectionsOf(nurse, 'nightwatch').sort()).toEqual(['console', 'later']);
    // The same id opened again without a declaration is an ordinary socket.
    registry.add('console', nurse);
    expect(registry.connectionsOf(nurse, 'nightwatch')).toEqual(['later']);
    registry.remove('later');
    expect(registry.connectionsOf(nurse, 'nightwatch')).toEqual([]);
  });
});

describe.runIf(redisUp)('the Redis connection registry across nodes', () => {
  it('shows each node the connections of every node, and where each one is', async () => {
    const prefix = scope();
    const x = await openTestNode(prefix, 'x1');
    const y = await openTestNode(prefix, 'y1');
    nodes.push(x, y);
    x.registry.add('on-x', nurse);
    y.registry.add('on-y', nurse);
    await until(() => x.registry.connectionsOf(nurse).length === 2, 'y on x');
    await until(() => y.registry.connectionsOf(nurse).length === 2, 'x on y');
    expect(x.registry.nodeOf('on-y')).toBe('y1');
    expect(y.registry.nodeOf('on-x')).toBe('x1');
    y.registry.remove('on-y');
    await until(() => x.registry.connectionsOf(nurse).length === 1, 'removal on x');
    // A node cannot remove another node's connection.
    y.registry.remove('on-x');
    expect(y.registry.connectionsOf(nurse)).toEqual(['on-x']);
  });

  it("shows each node which of another node's connections declared a surface, by frame and by a late start's read", async () => {
    const prefix = scope();
    const x = await openTestNode(prefix, 'x6');
    const y = await openTestNode(prefix, 'y6');
    nodes.push(x, y);
    x.registry.add('console-on-x', nurse, 'nightwatch');
    x.registry.add('day-page-on-x', nurse);
    await until(() => y.registry.connectionsOf(nurse).length === 2, 'x on y');
    expect(y.registry.connectionsOf(nurse, 'nightwatch')).toEqual(['console-on-x']);
    // A node started after them reads x's hash: the surface is stored with the owner.
    const z = await openTestNode(prefix, 'z6');
    nodes.push(z);
    await z.registry.ready;
    expect(z.registry.connectionsOf(nurse).sort()).toEqual(['console-on-x', 'day-page-on-x']);
    expect(z.registry.connectionsOf(nurse, 'nightwatch')).toEqual(['console-on-x']);
  });

  it('drops malformed frames on the bus and goes on with the next good one', async () => {
    const prefix = scope();
    const x = await openTestNode(prefix, 'x5');
    const y = await openTestNode(prefix, 'y5');
    nodes.push(x, y);
    const channel = `${prefix}bus:all`;
    await x.redis.publish(channel, 'not json at all');
    await x.redis.publish(
      channel,
      JSON.stringify({ topic: 'reg.add', from: 'x5', body: { connectionId: 'bad' } }),
    );
    await x.redis.publish(
      channel,
      JSON.stringify({
        topic: 'reg.add',
        from: 'x5',
        body: { connectionId: 'evil', owner: { kind: 'root', id: 'r' } },
      }),
    );
    x.registry.add('good', nurse);
    await until(() => y.registry.nodeOf('good') === 'x5', 'the good frame');
    expect(y.registry.nodeOf('bad')).toBeUndefined();
    expect(y.registry.nodeOf('evil')).toBeUndefined();
    expect(y.registry.connectionsOf(nurse)).toEqual(['good']);
  });

  it('reads the others’ connections again after its own bus connection broke, so changes missed meanwhile count', async () => {
    const prefix = scope();
    const x = await openTestNode(prefix, 'x6');
    const y = await openTestNode(prefix, 'y6');
    nodes.push(x, y);
    x.registry.add('before-break', nurse);
    await until(() => y.registry.nodeOf('before-break') === 'x6', 'entry on y');
    const resynced = new Promise<void>((resolve) => y.bus.onResync(resolve));
    // The subscriber drops and reconnects by itself; what x says in between never reaches y as a frame.
    const closed = new Promise((resolve) => y.subscriber.once('close', resolve));
    y.subscriber.disconnect(true);
    await closed;
    x.registry.remove('before-break');
    x.registry.add('during-break', nurse);
    await resynced;
    await until(() => y.registry.nodeOf('during-break') === 'x6', 'the missed entry', 5_000);
    expect(y.registry.nodeOf('before-break')).toBeUndefined();
    expect(y.registry.connectionsOf(nurse)).toEqual(['during-break']);
  });

  it('a node started later reads the connections already open on the others', async () => {
    const prefix = scope();
    const x = await openTestNode(prefix, 'x2');
    nodes.push(x);
    x.registry.add('early', kiosk);
    await new Promise((r) => setTimeout(r, 50));
    const late = await openTestNode(prefix, 'late2');
    nodes.push(late);
    expect(late.registry.nodeOf('early')).toBe('x2');
  });

  it('forgets the connections of a node that shut down, and reports them lost', async () => {
    const prefix = scope();
    const x = await openTestNode(prefix, 'x3');
    const y = await openTestNode(prefix, 'y3');
    nodes.push(x, y);
    const lost: string[] = [];
    x.registry.onLost((ids) => lost.push(...ids));
    y.registry.add('gone-with-y', nurse);
    await until(() => x.registry.nodeOf('gone-with-y') === 'y3', 'entry on x');
    await y.close();
    await until(() => x.registry.nodeOf('gone-with-y') === undefined, 'entry dropped');
    expect(lost).toContain('gone-with-y');
  });

  it('forgets the connections of a node that died without a word once its key lapsed (kill -9)', async () => {
    const prefix = scope();
    const x = await openTestNode(prefix, 'x4');
    const y = await openTestNode(prefix, 'y4');
    nodes.push(x, y);
    const lost: string[] = [];
    x.registry.onLost((ids) => lost.push(...ids));
    y.registry.add('killed', kiosk);
    await until(() => x.registry.nodeOf('killed') === 'y4', 'entry on x');
    y.kill();
    // TTL 600 ms, checked every 200 ms.
    await until(() => lost.includes('killed'), 'entry lost', 5_000);
    expect(x.registry.connectionsOf(kiosk)).toEqual([]);
    expect(x.bus.liveNodes()).not.toContain('y4');
  });
});
