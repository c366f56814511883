import { ApiError } from '../../shared/api.js';

/** The two reads that can name a ringing resident (nightwatch-api.ts). */
export interface CallerReads {
  /** A night-watch ring: GET /api/night-watch/pools/{id}/callers/{citizenId} (404 when it was not one). */
  pool(poolId: string, citizenId: string): Promise<{ citizenName: string }>;
  /** A citizen of the member's own units, null when not one (GET /api/people/citizens?ids=…). */
  ownCitizen(citizenId: string): Promise<string | null>;
}

/**
 * Who is calling, read by an UNLOCKED console. A night-watch ring names only the place, and a DIRECT call that
 * rang while the console was locked carried only a word (realtime/locked-view.ts LOCKED_CALLER), so after an
 * unlock both are named here: first as the pool's caller, and when the pool never had that call (404), as a
 * citizen of the member's own units, which is who may call them directly. Any other failure (a 401 while still
 * locked, the network) is thrown, so the console tries again later. null: nobody this member may name.
 */
export async function callerName(
  reads: CallerReads,
  poolId: string | undefined,
  citizenId: string,
): Promise<string | null> {
  if (poolId) {
    try {
      return (await reads.pool(poolId, citizenId)).citizenName;
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
    }
  }
  return reads.ownCitizen(citizenId);
}
