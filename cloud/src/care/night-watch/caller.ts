import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { and, desc, eq, gte } from 'drizzle-orm';
import { requireAuth } from '../../auth/session-middleware.js';
import { citizensTable, nightWatchCallsTable } from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import type { AppEnv } from '../../kernel/http/env.js';
import type { Principal } from '../../kernel/principal.js';
import { CARE_STAFF, type CareDeps, denials, json, nowOf } from '../route-helpers.js';
import { poolMemberOrSupport } from '../scope.js';
import { ringPlaceOf } from './ring-place.js';

const Params = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  citizenId: z.uuid().openapi({ param: { name: 'citizenId', in: 'path' } }),
});

const route = createRoute({
  method: 'get',
  path: '/api/night-watch/pools/{id}/callers/{citizenId}',
  tags: ['night watch'],
  summary: 'Who is calling: the resident behind a ringing night-watch call (pool members, support)',
  description:
    'The ring frame (`call.incoming`) of a night-watch call carries only the place (facility) and the citizen id, because it also reaches idle-LOCKED consoles. An unlocked console reads the name here; a locked session gets 401 like every other personal read. Only for a citizen who called this pool in the last 24 hours.',
  middleware: [requireAuth(CARE_STAFF)] as const,
  request: { params: Params },
  responses: {
    200: json(
      'the caller',
      z.object({ citizenId: z.uuid(), citizenName: z.string(), place: z.string() }).openapi('NightCaller'),
    ),
    ...denials,
  },
});

const DAY_MS = 24 * 60 * 60 * 1000;

/** Used by: GET /api/night-watch/pools/:id/callers/:citizenId (the console, after a ring or an unlock). */
export async function readCaller(
  deps: CareDeps,
  principal: Principal,
  poolUnitId: string,
  citizenId: string,
) {
  const db = deps.db.db;
  await poolMemberOrSupport(db, principal, poolUnitId);
  const now = nowOf(deps);
  // A call in THIS pool (a fallback pool has its own row) is what makes the name the members' business.
  const [call] = await db
    .select({ id: nightWatchCallsTable.id })
    .from(nightWatchCallsTable)
    .where(
      and(
        eq(nightWatchCallsTable.poolUnitId, poolUnitId),
        eq(nightWatchCallsTable.citizenId, citizenId),
        gte(nightWatchCallsTable.placedAt, new Date(now.getTime() - DAY_MS)),
      ),
    )
    .orderBy(desc(nightWatchCallsTable.placedAt))
    .limit(1);
  if (!call) throw AppError.notFound('Night-watch caller');
  const [citizen] = await db
    .select({ displayName: citizensTable.displayName })
    .from(citizensTable)
    .where(eq(citizensTable.id, citizenId));
  return {
    citizenId,
    citizenName: citizen?.displayName ?? '',
    place: await ringPlaceOf(db, poolUnitId, citizenId, now),
  };
}

export function callerRoutes(app: OpenAPIHono<AppEnv>, deps: CareDeps) {
  app.openapi(route, async (c) => {
    const { id, citizenId } = c.req.valid('param');
    return c.json(await readCaller(deps, c.get('principal')!, id, citizenId), 200);
  });
}
