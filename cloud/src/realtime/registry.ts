import type { SignallingSurface } from '@screenvisit/protocol';

/**
 * Cross-connection state: which live connections exist and whom they belong to. Everything that must be seen
 * by more than one connection (ringing every on-duty console, closing a disabled user's sockets) goes through
 * this interface. One node: the memory registry below. Two or more nodes: cluster/redis-registry.ts, which
 * answers the same questions for the connections on EVERY node (issue 14 §2).
 * INVARIANT: an entry exists exactly while its socket (or kiosk MQTT session) is open on the node it names.
 */
export interface ConnectionRegistry {
  /**
   * `surface`: what the socket declared itself at open (protocol SignallingSurface, e.g. the night-watch
   * console); absent for one that declared nothing and for kiosks.
   */
  add(connectionId: string, owner: ConnectionOwner | null, surface?: SignallingSurface): void;
  remove(connectionId: string): void;
  /** Keeps the surface the connection declared. */
  setOwner(connectionId: string, owner: ConnectionOwner): void;
  /**
   * Every connection of `owner`, on any node; with `surface`, only those that declared it at open (a night-watch
   * call rings, and counts as reachable, only its member's console sockets: pool-presence.ts).
   */
  connectionsOf(owner: ConnectionOwner, surface?: SignallingSurface): string[];
  /** The node a connection is open on; undefined when it is not open anywhere. */
  nodeOf(connectionId: string): string | undefined;
  /** How many connections are open, on every node. */
  size(): number;
}

export interface ConnectionOwner {
  readonly kind: 'staff' | 'citizen' | 'device';
  readonly id: string;
}

export const ownerKey = (owner: ConnectionOwner) => `${owner.kind}:${owner.id}`;
const key = ownerKey;

/** `nodeId`: what nodeOf answers for every entry (one node holds them all). */
export function createMemoryRegistry(nodeId = 'local'): ConnectionRegistry {
  const owners = new Map<string, string | null>();
  // Only the few sockets that declared a surface have an entry: nothing more per kiosk.
  const surfaces = new Map<string, SignallingSurface>();
  // An owner with one connection (every kiosk, most browsers) maps straight to that connection's id; a Set only
  // from the second one on: a Set is ~140 bytes of heap, per idle kiosk (issue 14: memory per kiosk).
  const byOwner = new Map<string, string | Set<string>>();
  const detach = (connectionId: string) => {
    const previous = owners.get(connectionId);
    if (!previous) return;
    const held = byOwner.get(previous);
    if (held === connectionId) byOwner.delete(previous);
    else if (held instanceof Set && held.delete(connectionId) && held.size === 0) byOwner.delete(previous);
  };
  const attach = (connectionId: string, owner: ConnectionOwner | null) => {
    if (!owner) {
      owners.set(connectionId, null);
      return;
    }
    // A kiosk's connection id is its owner key (`device:<id>`, calls/types.ts): one string for both.
    const ownerKey = key(owner);
    const k = ownerKey === connectionId ? connectionId : ownerKey;
    owners.set(connectionId, k);
    const held = byOwner.get(k);
    if (held === undefined) byOwner.set(k, connectionId);
    else if (held instanceof Set) held.add(connectionId);
    else if (held !== connectionId) byOwner.set(k, new Set([held, connectionId]));
  };
  return {
    add(connectionId, owner, surface) {
      detach(connectionId);
      attach(connectionId, owner);
      if (surface) surfaces.set(connectionId, surface);
      else surfaces.delete(connectionId);
    },
    remove(connectionId) {
      detach(connectionId);
      owners.delete(connectionId);
      surfaces.delete(connectionId);
    },
    setOwner(connectionId, owner) {
      detach(connectionId);
      attach(connectionId, owner);
    },
    connectionsOf(owner, surface) {
      const held = byOwner.get(key(owner));
      if (held === undefined) return [];
      const all = typeof held === 'string' ? [held] : [...held];
      return surface ? all.filter((id) => surfaces.get(id) === surface) : all;
    },
    nodeOf: (connectionId) => (owners.has(connectionId) ? nodeId : undefined),
    size: () => owners.size,
  };
}
