import type { Db } from '../../db/index.js';
import type { RelationGraph } from '../permissions/graph.js';
import { loadRelationGraph } from '../permissions/repository.js';

/**
 * The night-watch pool a citizen's own screen may call (issue 5: "Ring til nattevagten"), or null. A pool
 * qualifies when it covers a facility the citizen is actively enrolled in AND that enrolment carries an open
 * `citizen_to_night_watch` permission, or when it covers the citizen directly (pool_citizen_coverage) AND any
 * active enrolment carries one: the same relations decideCall checks, so the button never shows where
 * the router would refuse `not_permitted`. Time windows are left to the router: outside them the citizen
 * gets the plain refusal, which explains more than a missing button.
 */
export function nightWatchPoolFor(g: RelationGraph, citizenId: string, at: Date): string | null {
  const t = at.getTime();
  const kindOf = new Map(g.units.map((u) => [u.id, u.kind]));
  let anyPermitted = false;
  for (const e of g.enrolments) {
    if (e.citizenId !== citizenId || e.startedAt.getTime() > t) continue;
    if (e.endedAt && e.endedAt.getTime() <= t) continue;
    const permitted = g.permissions.some(
      (p) =>
        p.enrolmentId === e.id &&
        p.direction === 'citizen_to_night_watch' &&
        (!p.revokedAt || p.revokedAt.getTime() > t),
    );
    if (!permitted) continue;
    anyPermitted = true;
    if (kindOf.get(e.unitId) !== 'facility') continue;
    // Sorted, so a facility covered by two pools always answers the same one.
    const pools = g.coverage
      .filter((c) => c.facilityUnitId === e.unitId && kindOf.get(c.poolUnitId) === 'night_watch_pool')
      .map((c) => c.poolUnitId)
      .sort();
    if (pools[0]) return pools[0];
  }
  // A facility's pool wins over direct coverage: a resident keeps calling the watch of their home.
  if (!anyPermitted) return null;
  const direct = g.citizenCoverage
    .filter((c) => c.citizenId === citizenId && kindOf.get(c.poolUnitId) === 'night_watch_pool')
    .map((c) => c.poolUnitId)
    .sort();
  return direct[0] ?? null;
}

export async function loadNightWatchPool(
  db: Db,
  municipalityId: string,
  citizenId: string,
  at: Date,
): Promise<string | null> {
  return nightWatchPoolFor(await loadRelationGraph(db, municipalityId, at), citizenId, at);
}
