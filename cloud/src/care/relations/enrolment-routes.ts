import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAuth } from '../../auth/session-middleware.js';
import type { AppEnv } from '../../kernel/http/env.js';
import { DailySpan, TimeWindows } from '../index.js';
import {
  body,
  CARE_ADMINS,
  CARE_STAFF,
  type CareDeps,
  conflict,
  denials,
  IdParam,
  json,
} from '../route-helpers.js';
import { readAutoAnswer, writeAutoAnswer, writeDoNotDisturb } from './auto-answer.js';
import {
  citizenRelations,
  closeEnrolment,
  enrolCitizen,
  removePermission,
  setPermission,
} from './enrolments.js';

const Direction = z.enum(['staff_to_citizen', 'citizen_to_staff', 'citizen_to_night_watch']);
const PermissionParams = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  direction: Direction.openapi({ param: { name: 'direction', in: 'path' } }),
});
const Enrolment = z.object({
  id: z.uuid(),
  citizenId: z.uuid(),
  unitId: z.uuid(),
  guideStaffId: z.uuid().nullable(),
});
const Relation = z
  .object({
    id: z.uuid(),
    unitId: z.uuid(),
    unitKind: z.string(),
    unitName: z.string(),
    guideStaffId: z.uuid().nullable(),
    startedAt: z.iso.datetime(),
    endedAt: z.iso.datetime().nullable(),
    permissions: z.array(
      z.object({ id: z.uuid(), direction: Direction, windows: z.unknown(), since: z.iso.datetime() }),
    ),
  })
  .openapi('CareRelation');
const AutoAnswerView = z
  .object({
    enabled: z.boolean(),
    countdownSeconds: z.number().int(),
    quietHours: z.object({ from: z.string(), to: z.string() }).nullable(),
    doNotDisturbUntil: z.iso.datetime().nullable(),
  })
  .openapi('AutoAnswerPolicy');

const enrol = createRoute({
  method: 'post',
  path: '/api/enrolments',
  tags: ['care'],
  summary: 'Enrol a citizen in a home-care team, a home-guidance unit (with its guide) or a facility',
  description:
    'Support, or a unit_manager of the unit. `guideStaffId` is required for home guidance (a member of that unit) and refused elsewhere.',
  middleware: [requireAuth(CARE_ADMINS)] as const,
  request: body(
    z
      .object({ citizenId: z.uuid(), unitId: z.uuid(), guideStaffId: z.uuid().nullable().optional() })
      .strict(),
  ),
  responses: { 201: json('enrolled', Enrolment), ...denials, ...conflict },
});

const close = createRoute({
  method: 'post',
  path: '/api/enrolments/{id}/close',
  tags: ['care'],
  summary: 'Close an enrolment now: the next call attempt is refused; its permissions are revoked',
  middleware: [requireAuth(CARE_ADMINS)] as const,
  request: { params: IdParam },
  responses: {
    200: json(
      'closed',
      z.object({
        closedAt: z.iso.datetime(),
        permissionsRevoked: z.number().int(),
        callsEnded: z.number().int().nullable(),
      }),
    ),
    ...denials,
    ...conflict,
  },
});

const relations = createRoute({
  method: 'get',
  path: '/api/citizens/{id}/relations',
  tags: ['care'],
  summary: "A citizen's enrolments (closed ones included) with their open call permissions",
  middleware: [requireAuth(CARE_STAFF)] as const,
  request: { params: IdParam },
  responses: { 200: json('oldest first', z.array(Relation)), ...denials },
});

const grant = createRoute({
  method: 'put',
  path: '/api/enrolments/{id}/permissions/{direction}',
  tags: ['care'],
  summary: 'Allow calls in one direction on an enrolment, optionally within weekly time windows',
  description:
    '`windows: null` means at any time; otherwise `[{ days: [1..7] (ISO, 1 = Monday), from: "HH:mm", to: "HH:mm" }]` in the municipality’s time zone (a window may span midnight). Replaces the open permission of that direction.',
  middleware: [requireAuth(CARE_ADMINS)] as const,
  request: { params: PermissionParams, ...body(z.object({ windows: TimeWindows }).strict()) },
  responses: {
    200: json('granted', z.object({ id: z.uuid(), direction: Direction })),
    ...denials,
    ...conflict,
  },
});

const revoke = createRoute({
  method: 'delete',
  path: '/api/enrolments/{id}/permissions/{direction}',
  tags: ['care'],
  summary: 'Revoke the permission of one direction on an enrolment (effective at the next attempt)',
  middleware: [requireAuth(CARE_ADMINS)] as const,
  request: { params: PermissionParams },
  responses: { 204: { description: 'revoked' }, ...denials },
});

const readPolicy = createRoute({
  method: 'get',
  path: '/api/citizens/{id}/auto-answer',
  tags: ['care'],
  summary: "A citizen's auto-answer policy (defaults when none is set: never auto-answer)",
  middleware: [requireAuth(CARE_STAFF)] as const,
  request: { params: IdParam },
  responses: { 200: json('the policy', AutoAnswerView), ...denials },
});

const writePolicy = createRoute({
  method: 'put',
  path: '/api/citizens/{id}/auto-answer',
  tags: ['care'],
  summary: 'Set the auto-answer policy (support, or a manager of one of the citizen’s units)',
  description:
    'Applies only to permitted staff callers, with a visible countdown (3–60 s); quiet hours ring normally.',
  middleware: [requireAuth(CARE_ADMINS)] as const,
  request: {
    params: IdParam,
    ...body(
      z
        .object({
          enabled: z.boolean(),
          countdownSeconds: z.number().int().min(3).max(60),
          quietHours: DailySpan.nullable(),
        })
        .strict(),
    ),
  },
  responses: { 200: json('the policy', AutoAnswerView), ...denials },
});

const dnd = createRoute({
  method: 'put',
  path: '/api/citizens/{id}/do-not-disturb',
  tags: ['care'],
  summary: '“Do not disturb until …” (any staff of the citizen’s units); `until: null` clears it',
  middleware: [requireAuth(CARE_STAFF)] as const,
  request: {
    params: IdParam,
    ...body(z.object({ until: z.iso.datetime({ offset: true }).nullable() }).strict()),
  },
  responses: { 200: json('the policy', AutoAnswerView), ...denials },
});

export function enrolmentRoutes(app: OpenAPIHono<AppEnv>, deps: CareDeps) {
  app.openapi(enrol, async (c) =>
    c.json(await enrolCitizen(deps, c.get('principal')!, c.req.valid('json'), c.get('clientIp')), 201),
  );
  app.openapi(close, async (c) =>
    c.json(await closeEnrolment(deps, c.get('principal')!, c.req.valid('param').id, c.get('clientIp')), 200),
  );
  app.openapi(relations, async (c) =>
    c.json(await citizenRelations(deps, c.get('principal')!, c.req.valid('param').id), 200),
  );
  app.openapi(grant, async (c) => {
    const { id, direction } = c.req.valid('param');
    const { windows } = c.req.valid('json');
    return c.json(
      await setPermission(deps, c.get('principal')!, id, direction, windows, c.get('clientIp')),
      200,
    );
  });
  app.openapi(revoke, async (c) => {
    const { id, direction } = c.req.valid('param');
    await removePermission(deps, c.get('principal')!, id, direction, c.get('clientIp'));
    return c.body(null, 204);
  });
  app.openapi(readPolicy, async (c) =>
    c.json(await readAutoAnswer(deps, c.get('principal')!, c.req.valid('param').id), 200),
  );
  app.openapi(writePolicy, async (c) =>
    c.json(
      await writeAutoAnswer(
        deps,
        c.get('principal')!,
        c.req.valid('param').id,
        c.req.valid('json'),
        c.get('clientIp'),
      ),
      200,
    ),
  );
  app.openapi(dnd, async (c) => {
    const { until } = c.req.valid('json');
    const id = c.req.valid('param').id;
    return c.json(
      await writeDoNotDisturb(
        deps,
        c.get('principal')!,
        id,
        until ? new Date(until) : null,
        c.get('clientIp'),
      ),
      200,
    );
  });
}
