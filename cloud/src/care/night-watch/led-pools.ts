import { and, eq } from 'drizzle-orm';
import { type Db, unitMembershipsTable, unitsTable } from '../../db/index.js';
import type { Principal } from '../../kernel/principal.js';

type Who = Pick<Principal, 'id' | 'role' | 'municipalityId'>;

/**
 * The night-watch pools a person leads, i.e. may watch at /watch/ ("Tilsyn med nattevagten"): support every pool
 * of the municipality, a unit manager the pools she is a member of (scope.ts mayManageUnit, for pools); nobody
 * else. Used by: GET /api/night-watch/pools/:id/watch (readWatch refuses a pool not in it) and GET
 * /api/auth/session (`nightWatch.watch`, the start page's tile), so the tile is offered exactly to those the
 * page has a pool to show: mette.larsen, a manager of a home-care team only, was offered it and then read "Du
 * leder ingen nattevagt".
 */
export async function ledPoolIds(db: Db, who: Who): Promise<string[]> {
  if (who.role !== 'support' && who.role !== 'unit_manager') return [];
  const pools = and(
    eq(unitsTable.municipalityId, who.municipalityId),
    eq(unitsTable.kind, 'night_watch_pool'),
  );
  const rows =
    who.role === 'support'
      ? await db.select({ id: unitsTable.id }).from(unitsTable).where(pools)
      : await memberPools(db, who);
  return rows.map((r) => r.id);
}

/**
 * The pools a person is a member of: the ones her night-watch console (/nightwatch/) works in, whatever her role
 * (the console's own list is /api/units' `member` pools). Used by: GET /api/auth/session (`nightWatch.console`).
 */
export async function memberPoolIds(db: Db, who: Who): Promise<string[]> {
  return (await memberPools(db, who)).map((r) => r.id);
}

/** What the night watch offers a person: her own console, and watching the pools she leads. */
export async function nightWatchPlaces(db: Db, who: Who): Promise<{ console: boolean; watch: boolean }> {
  const [member, led] = await Promise.all([memberPoolIds(db, who), ledPoolIds(db, who)]);
  return { console: member.length > 0, watch: led.length > 0 };
}

function memberPools(db: Db, who: Who) {
  return db
    .select({ id: unitsTable.id })
    .from(unitMembershipsTable)
    .innerJoin(unitsTable, eq(unitsTable.id, unitMembershipsTable.unitId))
    .where(
      and(
        eq(unitMembershipsTable.staffId, who.id),
        eq(unitsTable.municipalityId, who.municipalityId),
        eq(unitsTable.kind, 'night_watch_pool'),
      ),
    );
}
