import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAuth } from '../../auth/session-middleware.js';
import type { AppEnv } from '../../kernel/http/env.js';
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
import { addMember, createUnit, listUnits, removeMember, unitDetails } from './units.js';

const UnitKind = z.enum(['home_care_team', 'home_guidance', 'facility', 'night_watch_pool', 'support']);
const Unit = z
  .object({ id: z.uuid(), kind: UnitKind, name: z.string(), member: z.boolean() })
  .openapi('CareUnit');
const UnitDetails = z
  .object({
    id: z.uuid(),
    kind: UnitKind,
    name: z.string(),
    members: z.array(
      z.object({ staffId: z.uuid(), username: z.string(), displayName: z.string(), role: z.string() }),
    ),
    enrolments: z.array(
      z.object({
        id: z.uuid(),
        citizenId: z.uuid(),
        displayName: z.string(),
        ref: z.string().openapi({ description: 'Short neutral reference that tells namesakes apart' }),
        guideStaffId: z.uuid().nullable(),
        startedAt: z.iso.datetime(),
      }),
    ),
    coveredFacilityIds: z.array(z.uuid()),
  })
  .openapi('CareUnitDetails');

const MemberParams = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  staffId: z.uuid().openapi({ param: { name: 'staffId', in: 'path' } }),
});

const list = createRoute({
  method: 'get',
  path: '/api/units',
  tags: ['care'],
  summary: "The municipality's units; `member` marks the caller's own",
  middleware: [requireAuth(CARE_STAFF)] as const,
  responses: { 200: json('units by name', z.array(Unit)), ...denials },
});

const create = createRoute({
  method: 'post',
  path: '/api/units',
  tags: ['care'],
  summary: 'Create a unit (home-care team, home guidance, facility, night-watch pool)',
  middleware: [requireAuth(['support'])] as const,
  request: body(z.object({ kind: UnitKind, name: z.string().trim().min(1).max(100) }).strict()),
  responses: { 201: json('created', Unit), ...denials },
});

const details = createRoute({
  method: 'get',
  path: '/api/units/{id}',
  tags: ['care'],
  summary: 'A unit with its members, enrolled citizens and (for a pool) covered facilities',
  description: 'Support, or members of the unit (its staff and managers).',
  middleware: [requireAuth(CARE_STAFF)] as const,
  request: { params: IdParam },
  responses: { 200: json('the unit', UnitDetails), ...denials },
});

const add = createRoute({
  method: 'post',
  path: '/api/units/{id}/members',
  tags: ['care'],
  summary: 'Add a staff member to a unit (support; a unit_manager for units they belong to)',
  middleware: [requireAuth(CARE_ADMINS)] as const,
  request: { params: IdParam, ...body(z.object({ staffId: z.uuid() }).strict()) },
  responses: { 204: { description: 'added' }, ...denials, ...conflict },
});

const remove = createRoute({
  method: 'delete',
  path: '/api/units/{id}/members/{staffId}',
  tags: ['care'],
  summary: 'Remove a staff member from a unit; leaving a night-watch pool ends their duty at once',
  middleware: [requireAuth(CARE_ADMINS)] as const,
  request: { params: MemberParams },
  responses: { 204: { description: 'removed' }, ...denials },
});

export function unitRoutes(app: OpenAPIHono<AppEnv>, deps: CareDeps) {
  app.openapi(list, async (c) => c.json(await listUnits(deps, c.get('principal')!), 200));
  app.openapi(create, async (c) =>
    c.json(await createUnit(deps, c.get('principal')!, c.req.valid('json'), c.get('clientIp')), 201),
  );
  app.openapi(details, async (c) =>
    c.json(await unitDetails(deps, c.get('principal')!, c.req.valid('param').id), 200),
  );
  app.openapi(add, async (c) => {
    await addMember(
      deps,
      c.get('principal')!,
      c.req.valid('param').id,
      c.req.valid('json').staffId,
      c.get('clientIp'),
    );
    return c.body(null, 204);
  });
  app.openapi(remove, async (c) => {
    const { id, staffId } = c.req.valid('param');
    await removeMember(deps, c.get('principal')!, id, staffId, c.get('clientIp'));
    return c.body(null, 204);
  });
}
