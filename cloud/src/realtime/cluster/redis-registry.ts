import { SignallingSurface } from '@screenvisit/protocol';
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
/**
 * A socket's entry in its node's hash and in `reg.add`: the owner, and the surface it declared at open (protocol
 * SignallingSurface). Older nodes read the owner and skip `surface` (zod drops keys it does not know), so a mixed
 * cluster during a rolling update still agrees on who is connected; an unknown surface from a newer node reads
 * as none.
 */
const Entry = Owner.extend({ surface: SignallingSurface.optional().catch(undefined) });
const Add = z.object({
  connectionId: z.string().min(1),
  owner: Owner.nullable(),
  surface: SignallingSurface.optional().catch(undefined),
});
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
  /**
   * connectionId → where it is, whose it is (null: not yet known, before the socket's login) and the surface it
   * declared at open.
   */
  const entries = new Map<
    string,
    { node: string; owner: string | null; surface?: SignallingSurface | undefined }
  >();
  const byOwner = new Map<string, Set<string>>();
  const lostHandlers: ((ids: string[]) => void)[] = [];

  const detach = (connectionId: string) => {
    const previous = entries.get(connectionId)?.owner;
    if (previous) byOwner.get(previous)?.delete(connectionId);
    entries.delete(connectionId);
  };
  const attach = (
    connectionId: string,
    node: string,
    owner: string | null,
    surface?: SignallingSurface | undefined,
  ) => {
    detach(connectionId);
    entries.set(connectionId, { node, owner, ...(surface ? { surface } : {}) });
    if (!owner) return;
    const set = byOwner.get(owner) ?? new Set<string>();
    set.add(connectionId);
    byOwner.set(owner, set);
  };
  const stored = (owner: ConnectionOwner | null, surface: SignallingSurface | undefined) =>
    owner ? JSON.stringify({ ...owner, ...(surface ? { surface } : {}) }) : 'null';
  const write = (connectionId: string, owner: ConnectionOwner | null, surface?: SignallingSurface) => {
    redis
      .hset(hashOf(self), connectionId, stored(owner, surface))
      .catch((error: unknown) => log.warn({ err: error }, 'registry write failed'));
    bus.send('all', 'reg.add', { connectionId, owner, ...(surface ? { surface } : {}) });
  };

  bus.on('reg.add', Add, ({ connectionId, owner, surface }, from) =>
    attach(connectionId, from, owner ? ownerKey(owner) : null, surface),
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
      const entry = Entry.nullable().safeParse(readJson(raw));
      if (!entry.success) continue;
      if (!entry.data) attach(connectionId, node, null);
      else attach(connectionId, node, ownerKey(entry.data), entry.data.surface);
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
      rewrite.hset(hashOf(self), id, stored(e.owner ? parseOwner(e.owner) : null, e.surface));
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
    add(connectionId, owner, surface) {
      attach(connectionId, self, owner ? ownerKey(owner) : null, surface);
      write(connectionId, owner, surface);
    },
    setOwner(connectionId, owner) {
      const surface = entries.get(connectionId)?.surface;
      attach(connectionId, self, ownerKey(owner), surface);
      write(connectionId, owner, surface);
    },
    remove(connectionId) {
      if (entries.get(connectionId)?.node !== self) return;
      detach(connectionId);
      redis
        .hdel(hashOf(self), connectionId)
        .catch((error: unknown) => log.warn({ err: error }, 'registry write failed'));
      bus.send('all', 'reg.remove', { connectionId });
    },
    connectionsOf(owner, surface) {
      const all = [...(byOwner.get(ownerKey(owner)) ?? [])];
      return surface ? all.filter((id) => entries.get(id)?.surface === surface) : all;
    },
    nodeOf: (connectionId) => entries.get(connectionId)?.node,
    size: () => entries.size,
    onLost: (handler) => void lostHandlers.push(handler),
    async close() {
      await redis.del(hashOf(self)).catch(() => undefined);
    },
  };
}
