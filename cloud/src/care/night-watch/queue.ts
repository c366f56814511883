import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { inArray } from 'drizzle-orm';
import { requireAuth } from '../../auth/session-middleware.js';
import { citizensTable } from '../../db/index.js';
import type { AppEnv } from '../../kernel/http/env.js';
import type { Principal } from '../../kernel/principal.js';
import { CARE_STAFF, type CareDeps, denials, IdParam, json } from '../route-helpers.js';
import { poolMemberOrSupport } from '../scope.js';

const route = createRoute({
  method: 'get',
  path: '/api/night-watch/pools/{id}/queue',
  tags: ['night watch'],
  summary: 'Calls waiting while every member on duty is busy, head first (pool members, support)',
  description:
    'The visible queue of issue 4 §3, read from the live call router. `position` 1 rings the next member who becomes free; `waitingSince` is when the call first had to wait.',
  middleware: [requireAuth(CARE_STAFF)] as const,
  request: { params: IdParam },
  responses: {
    200: json(
      'waiting calls, head first',
      z.array(
        z.object({
          callId: z.uuid(),
          citizenId: z.uuid(),
          citizenName: z.string(),
          waitingSince: z.iso.datetime(),
          position: z.number().int().min(1),
        }),
      ),
    ),
    ...denials,
  },
});

/**
 * Used by: GET /api/night-watch/pools/:id/queue. The router holds ids only; names are looked up here, for the
 * pool's members and support (the same people who answer these calls).
 */
export async function readQueue(deps: CareDeps, principal: Principal, poolUnitId: string) {
  const db = deps.db.db;
  await poolMemberOrSupport(db, principal, poolUnitId);
  const queue = (await deps.callHooks?.queueOf(poolUnitId)) ?? [];
  const names = queue.length
    ? await db
        .select({ id: citizensTable.id, displayName: citizensTable.displayName })
        .from(citizensTable)
        .where(
          inArray(
            citizensTable.id,
            queue.map((q) => q.citizenId),
          ),
        )
    : [];
  const nameOf = new Map(names.map((n) => [n.id, n.displayName]));
  return queue.map((q) => ({
    callId: q.callId,
    citizenId: q.citizenId,
    citizenName: nameOf.get(q.citizenId) ?? '',
    waitingSince: new Date(q.waitingSince).toISOString(),
    position: q.position,
  }));
}

export function queueRoutes(app: OpenAPIHono<AppEnv>, deps: CareDeps) {
  app.openapi(route, async (c) =>
    c.json(await readQueue(deps, c.get('principal')!, c.req.valid('param').id), 200),
  );
}
