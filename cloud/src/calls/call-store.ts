import type { LiveCall } from './types.js';

/**
 * Live calls, behind an interface like the ConnectionRegistry. With two cloud nodes, a Redis-backed store
 * would hold what is plain data here (ids, parties, state, endpoint ids, ring/answer times) with the state
 * changed by compare-and-set, and endpoints would be addressed through a pub/sub channel per node. What stays
 * per node: the timers (owned by the node holding the caller's endpoint) and the NightWatchRouter instances,
 * whose first-accept-wins already goes through claimNightWatchCall in PostgreSQL.
 * INVARIANT: a call is in the store exactly while its machine is not `ended`.
 */
export interface CallStore {
  add(call: LiveCall): void;
  get(callId: string): LiveCall | undefined;
  remove(callId: string): void;
  all(): LiveCall[];
}

export function createMemoryCallStore(): CallStore {
  const calls = new Map<string, LiveCall>();
  return {
    add: (call) => void calls.set(call.callId, call),
    get: (callId) => calls.get(callId),
    remove: (callId) => void calls.delete(callId),
    all: () => [...calls.values()],
  };
}
