import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAuth } from '../auth/session-middleware.js';
import type { AppEnv } from '../kernel/http/env.js';
import { problem } from '../kernel/http/problem-schema.js';
import { denials } from '../kernel/http/route-helpers.js';
import type { SettingsDeps } from './deps.js';
import { changeSettings, readSettings } from './service.js';

const Minutes = z.object({
  medicine: z.number().int().min(0).max(240),
  reassurance: z.number().int().min(0).max(240),
  conversation: z.number().int().min(0).max(240),
  training: z.number().int().min(0).max(240),
});
const Alerts = z.object({
  offlineHours: z.number().int().min(1).max(336),
  wipePendingHours: z.number().int().min(1).max(1440),
  poorRttMs: z.number().int().min(50).max(10_000),
  poorLossPercent: z.number().min(0.1).max(100),
});
const ServiceCase = z.object({
  evaluationDays: z
    .array(z.number().int().min(1).max(400))
    .min(1)
    .max(6)
    .openapi({ description: 'Days after installation of the first evaluations, e.g. [7, 30].' }),
  evaluateEveryDays: z.number().int().min(30).max(400),
  collectWithinDays: z.number().int().min(1).max(90),
});
const SettingsView = z
  .object({
    municipality: z.object({ id: z.uuid(), name: z.string(), timeZone: z.string() }),
    staffNetworks: z.array(z.string()),
    idleTimeoutMinutes: z.number().int(),
    passwordMaxAgeDays: z.number().int().nullable(),
    relayOnly: z.boolean(),
    citizenHelpPhone: z.string().nullable(),
    minutesSavedPerCall: Minutes,
    alerts: Alerts,
    serviceCase: ServiceCase,
    pools: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        fallbackPhone: z.string().nullable(),
        alertPhone: z.string().nullable(),
      }),
    ),
    yourAddress: z.string().nullable(),
  })
  .openapi('MunicipalitySettingsView');
const SettingsChange = z
  .object({
    staffNetworks: z
      .array(z.string().max(64))
      .max(100)
      .optional()
      .openapi({ description: 'CIDR ranges or single addresses (validated with ipaddr.js).' }),
    idleTimeoutMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .optional(),
    passwordMaxAgeDays: z.number().int().min(1).max(3650).nullable().optional(),
    relayOnly: z.boolean().optional(),
    citizenHelpPhone: z.string().max(24).nullable().optional().openapi({
      description:
        'The number citizens ring for help with ScreenVisit: printed on the activation letter, in the SMS and Digital Post text and on their page. Digits and spaces, optionally a leading +; null or blank: none.',
    }),
    minutesSavedPerCall: Minutes.partial().strict().optional(),
    alerts: Alerts.partial().strict().optional(),
    serviceCase: ServiceCase.partial().strict().optional(),
    pools: z
      .array(
        z
          .object({
            id: z.uuid(),
            fallbackPhone: z.string().max(24).nullable(),
            alertPhone: z.string().max(24).nullable().optional().openapi({
              description:
                'The mobile texted when the pool has people on duty but none reachable: 8 digits, optionally +45. Left out: unchanged.',
            }),
          })
          .strict(),
      )
      .max(100)
      .optional(),
    confirmLockout: z.boolean().optional().openapi({
      description: 'Save an allow-list that leaves out your own address (you are logged out at once).',
    }),
  })
  .strict()
  .openapi('MunicipalitySettingsChange');

const json = { content: { 'application/json': { schema: SettingsView } } };
const read = createRoute({
  method: 'get',
  path: '/api/settings',
  tags: ['settings'],
  summary: 'The municipality’s settings (system administrator)',
  middleware: [requireAuth(['system_admin'])] as const,
  responses: { 200: { description: 'settings', ...json }, ...denials },
});
const write = createRoute({
  method: 'put',
  path: '/api/settings',
  tags: ['settings'],
  summary:
    'Change settings: staff networks, idle timeout, password age, relay-only, citizens’ help number, minutes, follow-up times, fallback numbers, alert mobiles',
  description:
    'Fields left out stay as they are. A staff network list that leaves out the caller’s own address is refused (409, field confirmLockout) unless confirmLockout is true. Every change is audited (settings.changed).',
  middleware: [requireAuth(['system_admin'])] as const,
  request: { body: { required: true, content: { 'application/json': { schema: SettingsChange } } } },
  responses: {
    200: { description: 'saved', ...json },
    ...denials,
    409: problem('the new staff networks would lock you out; confirm to save anyway'),
  },
});

export function settingsRoutes(app: OpenAPIHono<AppEnv>, deps: SettingsDeps) {
  app.openapi(read, async (c) => {
    const p = c.get('principal')!;
    return c.json(await readSettings(deps.db.db, p.municipalityId, c.get('clientIp')), 200);
  });
  app.openapi(write, async (c) => {
    const p = c.get('principal')!;
    const saved = await changeSettings(deps.db.db, {
      municipalityId: p.municipalityId,
      staffId: p.id,
      ip: c.get('clientIp'),
      change: c.req.valid('json'),
      now: new Date(deps.clock.now()),
    });
    // The pools' numbers travel in the kiosks' config (DeviceConfig.nightWatch.fallbackPhone); committed above, so
    // a failed push is logged and the kiosks get the number with their next config push.
    for (const pool of c.req.valid('json').pools ?? []) {
      await deps.kioskConfigs
        ?.poolPhoneChanged(p.municipalityId, pool.id, { staffId: p.id, ip: c.get('clientIp') })
        .catch((error: unknown) =>
          deps.log.warn({ err: error, poolUnitId: pool.id }, 'pool number push failed'),
        );
    }
    return c.json(saved, 200);
  });
}
