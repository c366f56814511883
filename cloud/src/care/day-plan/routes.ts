import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAuth } from '../../auth/session-middleware.js';
import type { AppEnv } from '../../kernel/http/env.js';
import { SlotOutcome } from '../index.js';
import { body, CARE_STAFF, type CareDeps, conflict, denials, IdParam, json } from '../route-helpers.js';
import { editSlot, missedCalls, planSlot, readSlot, recordOutcome, today } from './actions.js';
import { listDay, planSeries, REPEATS } from './planning.js';
import { responsibleChoices } from './responsible.js';

export const SlotType = z.enum(['medicine', 'reassurance', 'conversation', 'training']);
export const LocalDate = z.iso.date();
export const LocalTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'use HH:mm, e.g. 09:30');
export const Slot = z
  .object({
    id: z.uuid(),
    citizenId: z.uuid(),
    citizenName: z.string(),
    /** A page of the citizen's or a kiosk lent to them is connected now (issue 12 §6). */
    citizenOnline: z.boolean(),
    unitId: z.uuid(),
    unitName: z.string(),
    staffId: z.uuid().nullable(),
    staffName: z.string().nullable(),
    type: SlotType,
    plannedAt: z.iso.datetime(),
    localDate: z.iso.date(),
    localTime: z.string(),
    outcome: z.enum(['completed', 'no_answer', 'cancelled']).nullable(),
    cancelReason: z.string().nullable(),
    completedVia: z.enum(['screen_call', 'phone', 'on_site']).nullable(),
    /** A call placed for this slot connected (both sides reached in_call). */
    connected: z.boolean(),
  })
  .openapi('DayPlanSlot');

const todayRoute = createRoute({
  method: 'get',
  path: '/api/day-plan/today',
  tags: ['day plan'],
  summary: "Today's list: slots assigned to me, plus my units' slots assigned to nobody in particular",
  middleware: [requireAuth(CARE_STAFF)] as const,
  responses: { 200: json('earliest first', z.array(Slot)), ...denials },
});

const MissedCall = z
  .object({
    citizenId: z.uuid(),
    citizenName: z.string(),
    lastAt: z.iso.datetime(),
    /** HH:mm of her last try in the municipality's time; `today` false: it was yesterday (the list spans a day). */
    localTime: z.string(),
    today: z.boolean(),
    attempts: z.number().int().positive(),
    callable: z.boolean(),
  })
  .openapi('MissedCitizenCall');

const missedRoute = createRoute({
  method: 'get',
  path: '/api/day-plan/missed-calls',
  tags: ['day plan'],
  summary: 'Citizens who called me or my units in the last day and reached nobody, newest first',
  description:
    'Rang out, declined by all, hung up while ringing, or nobody’s page was open. A citizen leaves the list once a later call between her and care staff connected. `callable`: the permission service lets me call her back now.',
  middleware: [requireAuth(CARE_STAFF)] as const,
  responses: { 200: json('newest first', z.array(MissedCall)), ...denials },
});

const createSlotRoute = createRoute({
  method: 'post',
  path: '/api/day-plan/slots',
  tags: ['day plan'],
  summary: 'Plan a call slot (support, a manager of the unit, or a member planning for themself or the unit)',
  description:
    'The citizen must be enrolled in the unit; in home guidance the responsible person is the guide (`staffId` null or left out means the guide). `date` and `time` are local (municipality time zone). A time already past on the cloud’s clock is refused (400); the minute it is now still counts as ahead.',
  middleware: [requireAuth(CARE_STAFF)] as const,
  request: body(
    z
      .object({
        citizenId: z.uuid(),
        unitId: z.uuid(),
        staffId: z.uuid().nullable().optional(),
        type: SlotType,
        date: LocalDate,
        time: LocalTime,
      })
      .strict(),
  ),
  responses: { 201: json('planned', Slot), ...denials },
});

const editRoute = createRoute({
  method: 'patch',
  path: '/api/day-plan/slots/{id}',
  tags: ['day plan'],
  summary: 'Change a slot’s type, local date/time or responsible person (only before an outcome is recorded)',
  description:
    'Moving a slot to a time already past on the cloud’s clock is refused (400); a slot left at its time may change type or responsible person even when that time has passed.',
  middleware: [requireAuth(CARE_STAFF)] as const,
  request: {
    params: IdParam,
    ...body(
      z
        .object({
          type: SlotType.optional(),
          date: LocalDate.optional(),
          time: LocalTime.optional(),
          staffId: z.uuid().nullable().optional(),
        })
        .strict(),
    ),
  },
  responses: { 200: json('changed', Slot), ...denials, ...conflict },
});

const outcomeRoute = createRoute({
  method: 'post',
  path: '/api/day-plan/slots/{id}/outcome',
  tags: ['day plan'],
  summary: 'Record the outcome once: completed, no_answer, or cancelled with a short reason',
  description:
    '`completed` without `via` means done as the screen call and is refused (409) unless a call for the slot connected; otherwise give `via`: phone or on_site. Only connected screen-call completions count as minutes saved. A cancellation `reason` that holds a CPR number is refused (400).',
  middleware: [requireAuth(CARE_STAFF)] as const,
  request: { params: IdParam, ...body(SlotOutcome) },
  responses: { 200: json('recorded', Slot), ...denials, ...conflict },
});

const readRoute = createRoute({
  method: 'get',
  path: '/api/day-plan/slots/{id}',
  tags: ['day plan'],
  summary: 'One slot, with whether a call placed for it connected (what the outcome form asks after a call)',
  middleware: [requireAuth(CARE_STAFF)] as const,
  request: { params: IdParam },
  responses: { 200: json('the slot', Slot), ...denials },
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/day-plan/slots',
  tags: ['day plan'],
  summary:
    'The planning screen: one local day’s slots (support: all; a manager: their units; staff: their own)',
  middleware: [requireAuth(CARE_STAFF)] as const,
  request: {
    query: z.object({
      date: LocalDate.openapi({ description: 'local date (municipality time zone)' }),
      unitId: z.uuid().optional(),
    }),
  },
  responses: { 200: json('earliest first', z.array(Slot)), ...denials },
});

const seriesRoute = createRoute({
  method: 'post',
  path: '/api/day-plan/series',
  tags: ['day plan'],
  summary:
    'Plan recurring visits: weekly, every 2 weeks or every weekday, from a date up to and including another',
  description:
    'Creates one ordinary slot per visit (at most 70, over at most 26 weeks), all or none; each is then moved or cancelled on its own. Same rules as one slot: a first visit already past is refused (400).',
  middleware: [requireAuth(CARE_STAFF)] as const,
  request: body(
    z
      .object({
        citizenId: z.uuid(),
        unitId: z.uuid(),
        staffId: z.uuid().nullable().optional(),
        type: SlotType,
        time: LocalTime,
        startDate: LocalDate,
        until: LocalDate,
        repeat: z.enum(REPEATS),
      })
      .strict(),
  ),
  responses: { 201: json('the planned visits, earliest first', z.array(Slot)), ...denials },
});

const responsibleRoute = createRoute({
  method: 'get',
  path: '/api/day-plan/responsible',
  tags: ['day plan'],
  summary: 'Whom the caller may name responsible for a visit of this unit and citizen (the planning picker)',
  description:
    'Exactly the active staff that `POST /api/day-plan/slots` and `/series` would accept as `staffId` from this caller: support or a manager of the unit, anyone of the unit; a member, themself; in home guidance only the citizen’s guide (nobody until a citizen is given).',
  middleware: [requireAuth(CARE_STAFF)] as const,
  request: { query: z.object({ unitId: z.uuid(), citizenId: z.uuid().optional() }) },
  responses: {
    200: json('by name', z.array(z.object({ id: z.uuid(), displayName: z.string(), username: z.string() }))),
    ...denials,
  },
});

export function dayPlanRoutes(app: OpenAPIHono<AppEnv>, deps: CareDeps) {
  app.openapi(listRoute, async (c) =>
    c.json(await listDay(deps, c.get('principal')!, c.req.valid('query')), 200),
  );
  app.openapi(responsibleRoute, async (c) => {
    const { unitId, citizenId } = c.req.valid('query');
    return c.json(await responsibleChoices(deps, c.get('principal')!, unitId, citizenId ?? null), 200);
  });
  app.openapi(seriesRoute, async (c) =>
    c.json(await planSeries(deps, c.get('principal')!, c.req.valid('json')), 201),
  );
  app.openapi(todayRoute, async (c) => c.json(await today(deps, c.get('principal')!), 200));
  app.openapi(missedRoute, async (c) => c.json(await missedCalls(deps, c.get('principal')!), 200));
  app.openapi(createSlotRoute, async (c) =>
    c.json(await planSlot(deps, c.get('principal')!, c.req.valid('json')), 201),
  );
  app.openapi(editRoute, async (c) =>
    c.json(await editSlot(deps, c.get('principal')!, c.req.valid('param').id, c.req.valid('json')), 200),
  );
  app.openapi(readRoute, async (c) =>
    c.json(await readSlot(deps, c.get('principal')!, c.req.valid('param').id), 200),
  );
  app.openapi(outcomeRoute, async (c) =>
    c.json(await recordOutcome(deps, c.get('principal')!, c.req.valid('param').id, c.req.valid('json')), 200),
  );
}
