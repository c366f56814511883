import { and, asc, eq } from 'drizzle-orm';
import { type Db, unitMembershipsTable, unitsTable } from '../../db/index.js';
import type { Principal } from '../../kernel/principal.js';

type Who = Pick<Principal, 'id' | 'role' | 'municipalityId'>;

/** A night-watch pool as its pages list it. */
export interface PoolRef {
  readonly id: string;
  readonly name: string;
}

/**
 * The night-watch pools a person leads, i.e. may watch at /watch/ ("Tilsyn med nattevagten"): support every pool
 * of the municipality, a unit manager the pools she is a member of (scope.ts mayManageUnit, for pools); nobody
 * else. Used by: GET /api/night-watch/pools/:id/watch (readWatch refuses a pool not in it), GET
 * /api/night-watch/my-pools (the page's own list) and GET /api/auth/session (`nightWatch.watch`, the start page's
 * tile), so the tile is offered exactly to those the page has a pool to show: mette.larsen, a manager of a
 * home-care team only, was offered it and then read "Du leder ingen nattevagt".
 */
export async function ledPoolIds(db: Db, who: Who): Promise<string[]> {
  return (await ledPools(db, who)).map((r) => r.id);
}

async function ledPools(db: Db, who: Who): Promise<PoolRef[]> {
  if (who.role !== 'support' && who.role !== 'unit_manager') return [];
  if (who.role !== 'support') return memberPools(db, who);
  return db
    .select({ id: unitsTable.id, name: unitsTable.name })
    .from(unitsTable)
    .where(and(eq(unitsTable.municipalityId, who.municipalityId), eq(unitsTable.kind, 'night_watch_pool')))
    .orderBy(asc(unitsTable.name));
}

/**
 * Both lists by name, as the pages show them: `console` the pools she is a member of, which her night-watch
 * console (/nightwatch/) works in, whatever her role; `watch` those she leads (ledPoolIds). Used by: GET
 * /api/night-watch/my-pools (the /nightwatch/ and /watch/ pages, which built these lists from /api/units
 * themselves: a second copy of this rule in the browser) and nightWatchPlaces.
 */
export async function nightWatchPools(db: Db, who: Who): Promise<{ console: PoolRef[]; watch: PoolRef[] }> {
  const [member, led] = await Promise.all([memberPools(db, who), ledPools(db, who)]);
  return { console: member, watch: led };
}

/** What the night watch offers a person: her own console, and watching the pools she leads. */
export async function nightWatchPlaces(db: Db, who: Who): Promise<{ console: boolean; watch: boolean }> {
  const pools = await nightWatchPools(db, who);
  return { console: pools.console.length > 0, watch: pools.watch.length > 0 };
}

async function memberPools(db: Db, who: Who): Promise<PoolRef[]> {
  return db
    .select({ id: unitsTable.id, name: unitsTable.name })
    .from(unitMembershipsTable)
    .innerJoin(unitsTable, eq(unitsTable.id, unitMembershipsTable.unitId))
    .where(
      and(
        eq(unitMembershipsTable.staffId, who.id),
        eq(unitsTable.municipalityId, who.municipalityId),
        eq(unitsTable.kind, 'night_watch_pool'),
      ),
    )
    .orderBy(asc(unitsTable.name));
}
