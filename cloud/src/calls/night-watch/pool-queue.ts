import type { NightWatchRouter } from './router.js';

/** A call waiting in a pool's queue; `waitingSince` is epoch milliseconds of the clock. */
export interface QueuedCall {
  callId: string;
  citizenId: string;
  waitingSince: number;
  position: number;
}

/**
 * The visible queue (issue 4 §3): the pool's calls waiting for a free member, head first. Read from this
 * node's live router; a pool without a router here has no live calls here. With two nodes this moves to
 * the shared CallStore (every node's queued calls), like the other cross-node call state.
 * Used by: GET /api/night-watch/pools/:id/queue (through Pools.queueOf).
 */
export async function queueOf(
  router: Promise<NightWatchRouter> | undefined,
  /** The live call's id for a night_watch_calls id (a call that fell back to this pool has a new row id). */
  callIdOfLeg: (nwCallId: string) => string | undefined,
): Promise<QueuedCall[]> {
  if (!router) return [];
  return (await router).snapshot().queue.map((q) => ({
    callId: callIdOfLeg(q.callId) ?? q.callId,
    citizenId: q.citizenId,
    waitingSince: q.since,
    position: q.position,
  }));
}
