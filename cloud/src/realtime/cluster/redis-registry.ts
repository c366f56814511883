import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../../kernel/logger.js';
import { type ConnectionOwner, type ConnectionRegistry, ownerKey } from '../registry.js';
import type { ClusterBus } from './bus.js';
import { readJson } from './json.js';

/**
 * The ConnectionRegistry for two or more nodes (issue 14 §2). Each node writes its own connections to the
 * hash `<prefix>reg:<node>` and announces every change on the bus; every node keeps the WHOLE cluster's
 * registry in memory, so the interface stays synchronous (the call router asks it inside steps that must not
 * await: "ring every console of this member", "is this kiosk online").
 *
 * INVARIANTS
 * - A node writes only its own entries; another node's entries change only through its frames or, when it is
 *   gone (bus.onNodeGone), all at once.
 * - Start-up reads every live node's hash AFTER subscribing, so no change is missed; a frame that arrives
 *   while the read is in flight is applied on top of it (the frame is newer).
 */
export interface RedisRegistry extends ConnectionRegistry {
  /** Loaded: the other nodes' connections are known. */
  readonly ready: Promise<void>;
  /** Connections that vanished with a node that died, by id (the call router ends or holds their calls). */
  onLost(handler: (connectionIds: string[]) => void): void;
  /** This node's entries leave Redis (a clean shutdown). */
  close(): Promise<void>;
}

const Owner = z.object({ kind: z.enum(['staff', 'citizen', 'device']), id: z.string().min(1) });
const Add = z.object({ connectionId: z.string().min(1), owner: Owner.nullable() });
const Remove = z.object({ connectionId: z.string().min(1) });

/** `staff:abc` back to its owner (the key form ownerKey writes). */
const parseOwner = (key: string): ConnectionOwner => {
  const at = key.indexOf(':');
  return { kind: key.slice(0, at) as ConnectionOwner['kind'], id: key.slice(at + 1) };
};

export function createRedisRegistry(deps: {
  redis: Redis;
  bus: ClusterBus;
  prefix: string;
  log: Logger;
}): RedisRegistry {
  const { redis, bus, prefix, log } = deps;
  const self = bus.nodeId;
  const hashOf = (node: string) => `${prefix}reg:${node}`;
  /** connectionId → where it is and whose it is (null: not yet known, before the socket's login). */
  const entries = new Map<string, { node: string; owner: string | null }>();
  const byOwner = new Map<string, Set<string>>();
  const lostHandlers: ((ids: string[]) => void)[] = [];

  const detach = (connectionId: string) => {
    const previous = entries.get(connectionId)?.owner;
    if (previous) byOwner.get(previous)?.delete(connectionId);
    entries.delete(connectionId);
  };
  const attach = (connectionId: string, node: string, owner: string | null) => {
    detach(connectionId);
    entries.set(connectionId, { node, owner });
    if (!owner) return;
    const set = byOwner.get(owner) ?? new Set<string>();
    set.add(connectionId);
    byOwner.set(owner, set);
  };
  const write = (connectionId: string, owner: ConnectionOwner | null) => {
    const value = owner ? JSON.stringify(owner) : 'null';
    redis
      .hset(hashOf(self), connectionId, value)
      .catch((error: unknown) => log.warn({ err: error }, 'registry write failed'));
    bus.send('all', 'reg.add', { connectionId, owner });
  };

  bus.on('reg.add', Add, ({ connectionId, owner }, from) =>
    attach(connectionId, from, owner ? ownerKey(owner) : null),
  );
  bus.on('reg.remove', Remove, ({ connectionId }, from) => {
    if (entries.get(connectionId)?.node === from) detach(connectionId);
  });
  bus.onNodeGone((node) => {
    const lost = [...entries].filter(([, e]) => e.node === node).map(([id]) => id);
    for (const id of lost) detach(id);
    redis.del(hashOf(node)).catch(() => undefined);
    if (lost.length > 0) for (const handler of lostHandlers) handler(lost);
  });

  /** Reads a node's hash; `replace`: its entries known here are dropped first (they may be stale). */
  const load = async (node: string, replace: boolean) => {
    const hash = await redis.hgetall(hashOf(node));
    if (replace) for (const [id, e] of [...entries]) if (e.node === node) detach(id);
    for (const [connectionId, raw] of Object.entries(hash)) {
      if (entries.has(connectionId)) continue;
      const owner = Owner.nullable().safeParse(readJson(raw));
      if (owner.success) attach(connectionId, node, owner.data ? ownerKey(owner.data) : null);
    }
  };
  const failedLoad = (error: unknown) => log.error({ err: error }, 'registry reload failed');
  bus.on('reg.reload', z.object({}), (_body, from) => void load(from, true).catch(failedLoad));
  // After a break in this node's bus: our own hash is written again whole, the others' read again, and the
  // others told to read ours (the frames of both sides during the break are lost).
  bus.onResync(() => {
    const own = [...entries].filter(([, e]) => e.node === self);
    const rewrite = redis.multi().del(hashOf(self));
    for (const [id, e] of own)
      rewrite.hset(hashOf(self), id, e.owner ? JSON.stringify(parseOwner(e.owner)) : 'null');
    void rewrite
      .exec()
      .then(async () => {
        bus.send('all', 'reg.reload', {});
        for (const node of bus.liveNodes()) if (node !== self) await load(node, true);
      })
      .catch(failedLoad);
  });

  const ready = (async () => {
    await bus.ready;
    for (const node of bus.liveNodes()) if (node !== self) await load(node, false);
  })();

  return {
    ready,
    add(connectionId, owner) {
      attach(connectionId, self, owner ? ownerKey(owner) : null);
      write(connectionId, owner);
    },
    setOwner(connectionId, owner) {
      attach(connectionId, self, ownerKey(owner));
      write(connectionId, owner);
    },
    remove(connectionId) {
      if (entries.get(connectionId)?.node !== self) return;
      detach(connectionId);
      redis
        .hdel(hashOf(self), connectionId)
        .catch((error: unknown) => log.warn({ err: error }, 'registry write failed'));
      bus.send('all', 'reg.remove', { connectionId });
    },
    connectionsOf: (owner) => [...(byOwner.get(ownerKey(owner)) ?? [])],
    nodeOf: (connectionId) => entries.get(connectionId)?.node,
    size: () => entries.size,
    onLost: (handler) => void lostHandlers.push(handler),
    async close() {
      await redis.del(hashOf(self)).catch(() => undefined);
    },
  };
}
