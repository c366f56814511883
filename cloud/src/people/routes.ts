import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAuth } from '../auth/session-middleware.js';
import { createPermissionService } from '../care/index.js';
import type { AppEnv } from '../kernel/http/env.js';
import { problem } from '../kernel/http/problem-schema.js';
import type { Principal } from '../kernel/principal.js';
import type { PeopleDeps } from './deps.js';
import { searchCitizens, searchStaff } from './search.js';

const SEARCHERS = ['staff', 'unit_manager', 'support', 'system_admin'] as const;

const Query = z.object({
  q: z
    .string()
    .trim()
    .max(80)
    .default('')
    .openapi({ description: 'Part of the name (or, for staff, the username); empty lists the first ones' }),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  ids: z
    .string()
    .transform((s) => s.toLowerCase().split(','))
    .pipe(z.array(z.uuid()).max(50))
    .optional()
    .openapi({
      type: 'string',
      description: 'Only these ids, comma-separated, at most 50 (to show the names of people already chosen)',
    }),
});
const CitizenQuery = Query.extend({
  callable: z
    .enum(['true', 'false'])
    .default('false')
    .openapi({ description: 'true: only citizens the caller may call right now (the ad-hoc call list)' }),
});

export const StaffHit = z
  .object({
    kind: z.literal('staff'),
    id: z.uuid(),
    displayName: z.string(),
    username: z.string(),
    role: z.string(),
    active: z.boolean(),
    online: z.boolean().openapi({ description: 'a console of theirs is connected to this node now' }),
  })
  .openapi('StaffHit');
export const CitizenHit = z
  .object({
    kind: z.literal('citizen'),
    id: z.uuid(),
    displayName: z.string(),
    initials: z.string().nullable(),
    units: z.array(z.string()).openapi({
      description:
        'Names of the units of this municipality the citizen is enrolled in now (care staff: only their own units), alphabetical; tells namesakes apart',
    }),
    ref: z
      .string()
      .regex(/^[0-9A-F]{6}$/)
      .openapi({
        description: 'Short neutral reference from the id, shown on the citizen card too',
        example: '3F2A9C',
      }),
    active: z.boolean(),
    online: z.boolean().openapi({ description: 'a page of theirs or a kiosk lent to them is connected now' }),
  })
  .openapi('CitizenHit');

const denials = {
  400: problem('invalid query'),
  401: problem('not logged in'),
  403: problem('not a staff role that searches people'),
};
const json = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
});

const staffRoute = createRoute({
  method: 'get',
  path: '/api/people/staff',
  tags: ['people'],
  summary:
    'Find staff of your municipality by name or username (the combobox behind every "choose a person")',
  middleware: [requireAuth(SEARCHERS)] as const,
  request: { query: Query },
  responses: { 200: json('alphabetical by name', z.array(StaffHit)), ...denials },
});
const citizenRoute = createRoute({
  method: 'get',
  path: '/api/people/citizens',
  tags: ['people'],
  summary:
    'Find citizens by name: support sees the whole municipality, care staff the citizens of their units',
  description:
    'Names only: no CPR number or health data exists to search by (docs/security.md "minimum data"). Namesakes are told apart by unit names and a short reference, never by personal data.',
  middleware: [requireAuth(SEARCHERS)] as const,
  request: { query: CitizenQuery },
  responses: { 200: json('alphabetical by name', z.array(CitizenHit)), ...denials },
});

async function callableOnly<T extends { id: string }>(deps: PeopleDeps, principal: Principal, hits: T[]) {
  const permissions = createPermissionService({ db: deps.db.db, clock: deps.clock });
  const decided = await Promise.all(
    hits.map((h) =>
      permissions.decide(principal.municipalityId, {
        from: { kind: 'staff', id: principal.id },
        to: { kind: 'citizen', id: h.id },
      }),
    ),
  );
  return hits.filter((_, i) => decided[i]!.allowed);
}

export function peopleRoutes(app: OpenAPIHono<AppEnv>, deps: PeopleDeps) {
  app.openapi(staffRoute, async (c) => {
    const { q, limit, ids } = c.req.valid('query');
    const hits = await searchStaff(deps.db.db, c.get('principal')!, q, limit, ids);
    return c.json(
      hits.map((h) => ({ ...h, online: deps.callHooks?.reachable(h.id) ?? false })),
      200,
    );
  });
  app.openapi(citizenRoute, async (c) => {
    const principal = c.get('principal')!;
    const { q, limit, ids, callable } = c.req.valid('query');
    let hits = await searchCitizens(deps.db.db, principal, q, limit, ids);
    if (callable === 'true') hits = await callableOnly(deps, principal, hits);
    const online = await Promise.all(hits.map((h) => deps.callHooks?.citizenReachable(h.id) ?? false));
    return c.json(
      hits.map((h, i) => ({ ...h, online: online[i]! })),
      200,
    );
  });
}
