import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { requireAuth } from '../auth/session-middleware.js';
import { unitMembershipsTable } from '../db/index.js';
import { AppError } from '../kernel/errors.js';
import type { AppEnv } from '../kernel/http/env.js';
import { problemContent } from '../kernel/http/problem-schema.js';
import { denials, IdParam } from '../kernel/http/route-helpers.js';
import type { AccessReviewRouteDeps } from './deps.js';
import { lineUnit, listReviews } from './queries.js';
import { decideLine, ReviewLineError } from './review.js';
import { afterRelationsEnded } from './schedule.js';

const json = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
});
const Line = z.object({
  id: z.uuid(),
  kind: z.enum(['membership', 'relation']),
  subjectId: z.uuid(),
  name: z.string(),
  detail: z.string(),
  decision: z.enum(['confirmed', 'removed']).nullable(),
  decidedBy: z.uuid().nullable(),
  decidedAt: z.iso.datetime().nullable(),
  automatic: z.boolean(),
});
const Review = z
  .object({
    id: z.uuid(),
    unitId: z.uuid(),
    unitName: z.string(),
    openedAt: z.iso.datetime(),
    deadline: z.iso.datetime(),
    closedAt: z.iso.datetime().nullable(),
    counts: z.object({
      total: z.number().int(),
      confirmed: z.number().int(),
      removed: z.number().int(),
      undecided: z.number().int(),
      automatic: z.number().int(),
    }),
    mayDecide: z.boolean(),
    lines: z.array(Line),
  })
  .openapi('AccessReview');

const list = createRoute({
  method: 'get',
  path: '/api/access-reviews',
  tags: ['access-review'],
  summary: 'The latest access review of each unit you manage (support: every unit, status per unit)',
  description:
    'Twice a year (configurable) each unit gets a review of every access line: staff memberships and open citizen relations. The unit manager confirms or removes each; what nobody confirmed is removed at the deadline and audited as a system action.',
  middleware: [requireAuth(['unit_manager', 'support'])] as const,
  responses: { 200: json('reviews', z.object({ reviews: z.array(Review) })), ...denials },
});
const decide = createRoute({
  method: 'post',
  path: '/api/access-reviews/lines/{id}',
  tags: ['access-review'],
  summary: 'Confirm or remove one access line (unit manager of the unit; once per line)',
  middleware: [requireAuth(['unit_manager'])] as const,
  request: {
    params: IdParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ decision: z.enum(['confirmed', 'removed']) }).strict(),
        },
      },
    },
  },
  responses: {
    204: { description: 'decided and audited' },
    ...denials,
    409: { description: 'already decided, or the review is closed', ...problemContent },
  },
});

const WHY: Record<ReviewLineError['reason'], string> = {
  not_found: 'No such review line.',
  already_decided: 'This line is already decided.',
  closed: 'This review is closed.',
};

/** Thin routes over access-review/review.ts and queries.ts. */
export function accessReviewRoutes(app: OpenAPIHono<AppEnv>, deps: AccessReviewRouteDeps) {
  const db = deps.db.db;
  app.openapi(list, async (c) => c.json({ reviews: await listReviews(db, c.get('principal')!) }, 200));
  app.openapi(decide, async (c) => {
    const p = c.get('principal')!;
    const { id } = c.req.valid('param');
    const unitId = await lineUnit(db, p, id);
    if (!unitId) throw AppError.notFound('Review line');
    const member = await db
      .select({ u: unitMembershipsTable.unitId })
      .from(unitMembershipsTable)
      .where(and(eq(unitMembershipsTable.staffId, p.id), eq(unitMembershipsTable.unitId, unitId)));
    if (member.length === 0) throw AppError.forbidden('Only a manager of this unit decides its review.');
    let ended: Awaited<ReturnType<typeof decideLine>>;
    try {
      ended = await decideLine(db, {
        lineId: id,
        decision: c.req.valid('json').decision,
        by: p.id,
        at: new Date(deps.clock.now()),
        municipalityId: p.municipalityId,
      });
    } catch (error) {
      if (error instanceof ReviewLineError)
        throw error.reason === 'not_found'
          ? AppError.notFound('Review line')
          : AppError.conflict(WHY[error.reason]);
      throw error;
    }
    if (ended) await afterRelationsEnded(deps, [ended]);
    return c.body(null, 204);
  });
}
