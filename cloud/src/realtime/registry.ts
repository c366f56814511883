/**
 * Cross-connection state: which live connections exist and whom they belong to. Everything that must be seen
 * by more than one connection (ringing every on-duty console, closing a disabled user's sockets) goes through
 * this interface, so a Redis-backed implementation can later let two cloud nodes share the load.
 * INVARIANT: an entry exists exactly while its socket is open on this node.
 */
export interface ConnectionRegistry {
  add(connectionId: string, owner: ConnectionOwner | null): void;
  remove(connectionId: string): void;
  setOwner(connectionId: string, owner: ConnectionOwner): void;
  connectionsOf(owner: ConnectionOwner): string[];
  size(): number;
}

export interface ConnectionOwner {
  readonly kind: 'staff' | 'citizen' | 'device';
  readonly id: string;
}

const key = (owner: ConnectionOwner) => `${owner.kind}:${owner.id}`;

export function createMemoryRegistry(): ConnectionRegistry {
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
    size: () => owners.size,
  };
}
