/**
 * Cross-connection state: which live connections exist and whom they belong to. Everything that must be seen
 * by more than one connection (ringing every on-duty console, closing a disabled user's sockets) goes through
 * this interface. One node: the memory registry below. Two or more nodes: cluster/redis-registry.ts, which
 * answers the same questions for the connections on EVERY node (issue 14 §2).
 * INVARIANT: an entry exists exactly while its socket (or kiosk MQTT session) is open on the node it names.
 */
export interface ConnectionRegistry {
  add(connectionId: string, owner: ConnectionOwner | null): void;
  remove(connectionId: string): void;
  setOwner(connectionId: string, owner: ConnectionOwner): void;
  /** Every connection of `owner`, on any node. */
  connectionsOf(owner: ConnectionOwner): string[];
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
  const byOwner = new Map<string, Set<string>>();
  const detach = (connectionId: string) => {
    const previous = owners.get(connectionId);
    if (previous) byOwner.get(previous)?.delete(connectionId);
  };
  const attach = (connectionId: string, owner: ConnectionOwner | null) => {
    owners.set(connectionId, owner ? key(owner) : null);
    if (!owner) return;
    const set = byOwner.get(key(owner)) ?? new Set<string>();
    set.add(connectionId);
    byOwner.set(key(owner), set);
  };
  return {
    add: attach,
    remove(connectionId) {
      detach(connectionId);
      owners.delete(connectionId);
    },
    setOwner(connectionId, owner) {
      detach(connectionId);
      attach(connectionId, owner);
    },
    connectionsOf: (owner) => [...(byOwner.get(key(owner)) ?? [])],
    nodeOf: (connectionId) => (owners.has(connectionId) ? nodeId : undefined),
    size: () => owners.size,
  };
}
