import type { Clock } from '@screenvisit/protocol';
import type { Db } from '../../db/index.js';
import { decideCall } from './decide.js';
import type { CallAttempt, Decision } from './graph.js';
import { loadRelationGraph } from './repository.js';

export interface PermissionService {
  /** Asked by the call router on EVERY attempt (issue 4 §5). Reads the current relations each time. */
  decide(municipalityId: string, attempt: CallAttempt): Promise<Decision>;
}

/**
 * Reads the graph per attempt rather than caching it: closing a relation or revoking a permission must take
 * effect on the very next attempt, on every cloud node. One municipality is a few hundred rows.
 */
export function createPermissionService(deps: { db: Db; clock: Clock }): PermissionService {
  return {
    async decide(municipalityId, attempt) {
      const at = new Date(deps.clock.now());
      return decideCall(await loadRelationGraph(deps.db, municipalityId, at), attempt, at);
    },
  };
}
