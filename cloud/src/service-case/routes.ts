import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAuth } from '../auth/session-middleware.js';
import type { AppEnv } from '../kernel/http/env.js';
import { problemContent } from '../kernel/http/problem-schema.js';
import { denials, IdParam } from '../kernel/http/route-helpers.js';
import type { Principal } from '../kernel/principal.js';
import { applyEvent, markDeviceCollected, referCitizen } from './actions.js';
import type { ServiceCaseDeps } from './deps.js';
import { followUpPolicyOf } from './follow-up.js';
import { caseEvents, caseFormOptions, caseInScope, listCases } from './queries.js';
import { CaseEvent, STAGES } from './transitions.js';

/** Unit managers (visitation and their units' cases) and support (every case, the kiosk's return). */
const CASE_HANDLERS = ['unit_manager', 'support'] as const;
const json = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
});
const conflict = { 409: { description: 'not allowed from the current stage', ...problemContent } };

const Stage = z.enum(STAGES);
const CaseView = z
  .object({
    id: z.uuid(),
    citizenId: z.uuid(),
    citizenName: z.string(),
    stage: Stage,
    referredBy: z.string(),
    referredAt: z.iso.datetime(),
    scenario: z.enum(['home_care', 'home_guidance', 'facility']).nullable(),
    deviceChoice: z.enum(['loan_kiosk', 'own_device']).nullable(),
    unitId: z.uuid().nullable(),
    unitName: z.string().nullable(),
    deviceId: z.uuid().nullable(),
    deviceLabel: z.string().nullable(),
    deviceLifecycle: z.string().nullable(),
    installedAt: z.iso.datetime().nullable(),
    firstConnectedCallAt: z.iso.datetime().nullable(),
    evaluationsDone: z.number().int(),
    nextEvaluationAt: z.iso.datetime().nullable(),
    endedAt: z.iso.datetime().nullable(),
    deviceReturnedAt: z.iso.datetime().nullable(),
    overdue: z.array(z.enum(['evaluation_due', 'device_not_collected'])),
    allowed: z.array(z.enum(['assess', 'assign', 'install', 'evaluate', 'end'])),
  })
  .openapi('ServiceCase');
const CaseEventView = z.object({
  transition: z.string(),
  fromStage: Stage.nullable(),
  toStage: Stage,
  at: z.iso.datetime(),
  byStaffId: z.uuid().nullable(),
  details: z.unknown(),
});
const Referral = z
  .object({
    citizenId: z.uuid(),
    /** Minimum data (issue 13 §5): who referred, as a role or organisation. Never a diagnosis or CPR number. */
    referredBy: z
      .string()
      .trim()
      .min(2)
      .max(80)
      .refine((s) => !/\d{6}-?\d{4}/.test(s), 'Write a role or organisation, never a CPR number.')
      .openapi({
        description: 'A role or organisation, e.g. "Visitator" (max 80; no CPR number, no health data).',
      }),
  })
  .strict()
  .openapi('ServiceCaseReferral');

const list = createRoute({
  method: 'get',
  path: '/api/service-cases',
  tags: ['service-cases'],
  summary: 'Every service case you handle, with its stage and what is overdue',
  description:
    'Support: every case of the municipality. Unit manager: the referral queue (not yet assigned), cases assigned to one of their units, and cases of citizens enrolled in one.',
  middleware: [requireAuth(CASE_HANDLERS)] as const,
  responses: {
    200: json(
      'the cases, and what the forms offer',
      z.object({
        cases: z.array(CaseView),
        referable: z.array(z.object({ citizenId: z.uuid(), name: z.string() })),
        units: z.array(z.object({ id: z.uuid(), name: z.string() })),
        lentDevices: z.array(z.object({ deviceId: z.uuid(), label: z.string(), citizenId: z.uuid() })),
        followUp: z
          .object({
            evaluationDays: z.array(z.number().int()),
            evaluateEveryDays: z.number().int(),
            collectWithinDays: z.number().int(),
          })
          .openapi({ description: "The municipality's follow-up times the overdue flags are computed by." }),
      }),
    ),
    ...denials,
  },
});
const show = createRoute({
  method: 'get',
  path: '/api/service-cases/{id}',
  tags: ['service-cases'],
  summary: 'One service case with its history',
  middleware: [requireAuth(CASE_HANDLERS)] as const,
  request: { params: IdParam },
  responses: {
    200: json('the case', z.object({ case: CaseView, events: z.array(CaseEventView) })),
    ...denials,
  },
});
const refer = createRoute({
  method: 'post',
  path: '/api/service-cases',
  tags: ['service-cases'],
  summary: 'Refer a citizen: opens their service case (one open case per citizen)',
  middleware: [requireAuth(CASE_HANDLERS)] as const,
  request: { body: { required: true, content: { 'application/json': { schema: Referral } } } },
  responses: { 201: json('opened', CaseView), ...denials, ...conflict },
});
const event = createRoute({
  method: 'post',
  path: '/api/service-cases/{id}/events',
  tags: ['service-cases'],
  summary: 'Move the case one step: assess, assign, install, evaluate or end',
  description:
    'Allowed steps come from the transition table (referred → assessed → assigned → installed → following up → ended; any open stage may end). Ending closes every relation of the citizen, disables the citizen and revokes their bound browsers, and revokes the lent kiosk and queues its wipe back to stock. Each step is audited.',
  middleware: [requireAuth(CASE_HANDLERS)] as const,
  request: {
    params: IdParam,
    body: {
      required: true,
      content: { 'application/json': { schema: CaseEvent.openapi('ServiceCaseEvent') } },
    },
  },
  responses: {
    200: json(
      'moved',
      z.object({
        case: CaseView,
        ended: z
          .object({
            relationsClosed: z.number().int(),
            credentialsRevoked: z.number().int(),
            deviceWipe: z
              .enum(['acknowledged', 'settled_by_refusal', 'pending', 'nothing_to_wipe'])
              .nullable(),
          })
          .nullable(),
      }),
    ),
    ...denials,
    ...conflict,
  },
});
const collected = createRoute({
  method: 'post',
  path: '/api/service-cases/{id}/device-collected',
  tags: ['service-cases'],
  summary: 'The lent kiosk of an ended case is physically back',
  middleware: [requireAuth(CASE_HANDLERS)] as const,
  request: { params: IdParam },
  responses: { 200: json('recorded', CaseView), ...denials, ...conflict },
});

/** Thin routes over service-case/actions.ts and queries.ts. */
export function serviceCaseRoutes(app: OpenAPIHono<AppEnv>, deps: ServiceCaseDeps) {
  const db = deps.db.db;
  const now = () => new Date(deps.clock.now());
  // The asker's municipality's follow-up times (issue 13 §3), read on each request so a change applies at once.
  const policy = (p: Principal) => followUpPolicyOf(db, p.municipalityId);
  const view = async (p: Principal, id: string) => {
    const [c] = await listCases(db, p, now(), await policy(p), id);
    return c!;
  };
  app.openapi(list, async (c) => {
    const p = c.get('principal')!;
    const followUp = await policy(p);
    return c.json(
      { cases: await listCases(db, p, now(), followUp), ...(await caseFormOptions(db, p)), followUp },
      200,
    );
  });
  app.openapi(show, async (c) => {
    const p = c.get('principal')!;
    const row = await caseInScope(db, p, c.req.valid('param').id);
    return c.json({ case: await view(p, row.id), events: await caseEvents(db, row.id) }, 200);
  });
  app.openapi(refer, async (c) => {
    const p = c.get('principal')!;
    const id = await referCitizen(deps, p, c.req.valid('json'), c.get('clientIp'));
    return c.json(await view(p, id), 201);
  });
  app.openapi(event, async (c) => {
    const p = c.get('principal')!;
    const { id } = c.req.valid('param');
    const ended = await applyEvent(deps, p, id, c.req.valid('json'), await policy(p), c.get('clientIp'));
    return c.json({ case: await view(p, id), ended }, 200);
  });
  app.openapi(collected, async (c) => {
    const p = c.get('principal')!;
    const { id } = c.req.valid('param');
    await markDeviceCollected(deps, p, id, c.get('clientIp'));
    return c.json(await view(p, id), 200);
  });
}
