/** A call waiting in a pool's queue; `waitingSince` is epoch milliseconds of the clock. */
export interface QueuedCall {
  callId: string;
  citizenId: string;
  waitingSince: number;
  position: number;
}

/**
 * The visible queue (issue 4 §3): a pool's calls waiting for a free member, head first. Each node's pool
 * router queues the calls homed on that node; the board puts them side by side. One node: the memory board
 * below. Two or more: redis-pool-queue.ts, where every node's part is in Redis and a read merges them.
 * Used by: Pools (writes after every queue change), GET /api/night-watch/pools/:id/queue (reads).
 */
export interface PoolQueueBoard {
  /** This node's queue for the pool, replaced whole, head first. */
  set(poolUnitId: string, queue: readonly QueuedCall[]): void;
  /** The pool's queued calls on every node, longest waiting first, positions 1..n. */
  read(poolUnitId: string): Promise<QueuedCall[]>;
}

/** Every node's parts as one queue: FIFO by waiting time across nodes (ties keep each node's own order). */
export function mergeQueues(parts: readonly (readonly QueuedCall[])[]): QueuedCall[] {
  return parts
    .flatMap((part) => part.map((call, order) => ({ call, order })))
    .sort((x, y) => x.call.waitingSince - y.call.waitingSince || x.order - y.order)
    .map(({ call }, i) => ({ ...call, position: i + 1 }));
}

export function createMemoryQueueBoard(): PoolQueueBoard {
  const queues = new Map<string, readonly QueuedCall[]>();
  return {
    set(poolUnitId, queue) {
      if (queue.length === 0) queues.delete(poolUnitId);
      else queues.set(poolUnitId, [...queue]);
    },
    read: async (poolUnitId) => mergeQueues([queues.get(poolUnitId) ?? []]),
  };
}
