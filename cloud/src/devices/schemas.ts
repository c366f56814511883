import { z } from '@hono/zod-openapi';
import { DeviceConfig } from '@screenvisit/protocol';
import { deviceLifecycle } from '../db/index.js';

export const DeviceParams = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

export const RegisterDeviceBody = z
  .object({
    label: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash and underscore, e.g. KBH-0001'),
  })
  .strict()
  .openapi('RegisterDeviceRequest');

export const LendBody = z.object({ citizenId: z.uuid() }).strict().openapi('LendDeviceRequest');

/**
 * What support may set. Contacts (from the citizen's teams), the night watch's fallback number (from the pool's
 * settings, pool-phone.ts), the resident's night-watch hours (from her call permission, night-watch-hours.ts) and
 * whether the kiosk is lent (from the loan) are derived by the cloud on every push, never typed in: sent, they
 * are refused as unknown fields.
 */
export const ConfigPushBody = DeviceConfig.omit({ contacts: true, lent: true })
  .extend({ nightWatch: DeviceConfig.shape.nightWatch.omit({ fallbackPhone: true, windows: true }).strict() })
  .partial()
  .strict()
  .openapi('DeviceConfigPush');

export const WipeBody = z
  .object({ afterWipe: z.enum(['registered', 'retired']).default('registered') })
  .strict()
  .openapi('WipeDeviceRequest');

const Health = z
  .object({
    uptimeS: z.number().int(),
    rttMs: z.number().nullable(),
    temperatureC: z.number().nullable(),
    reportedAt: z.iso.datetime(),
  })
  .nullable();

export const DeviceSummaryView = z
  .object({
    id: z.uuid(),
    label: z.string(),
    lifecycle: z.enum(deviceLifecycle.enumValues),
    hardwareId: z.string().nullable(),
    lent: z.boolean(),
    citizenId: z
      .uuid()
      .nullable()
      .optional()
      .openapi({ description: 'Support only; absent for vendor support.' }),
    citizenName: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: 'Support only: the name of the citizen it is lent to.' }),
    citizenRef: z.string().nullable().optional().openapi({
      description:
        'Support only: the short ref that tells that citizen from a namesake, as the citizen card and searches show it.',
    }),
    collectSince: z.iso.datetime().nullable().openapi({
      description:
        'Since when the kiosk waits to be fetched from a closed citizen’s home (her loan ended when she was closed); null when not. Cleared by POST /api/devices/{id}/collected or a new loan.',
    }),
    collectWipe: z.enum(['done', 'pending', 'none']).nullable().openapi({
      description:
        'While the kiosk waits to be fetched: done, closing the citizen wiped it remotely; pending, it was asked to wipe itself and does so at its next connection; none, it never enrolled, so there was nothing on it to wipe. Null when it is not to be collected.',
    }),
    heldAs: z.enum(['lost', 'in_repair']).nullable(),
    online: z.boolean(),
    lastSeenAt: z.iso.datetime().nullable(),
    state: z.string().nullable(),
    software: z.string().nullable(),
    engine: z.string().nullable(),
    configVersion: z.number().int().openapi({ description: 'The version the kiosk reported applied.' }),
    targetConfigVersion: z.number().int().openapi({ description: 'The newest version pushed (0: none).' }),
    pendingCommands: z.number().int(),
    wipePending: z.boolean(),
    holdsCredential: z.boolean().openapi({
      description:
        'It enrolled and has not been wiped since, so a wipe has something to erase; false for a box never enrolled or wiped already (POST /api/devices/{id}/wipe answers 409 then).',
    }),
    returnedUnwipedAt: z.iso.datetime().nullable().openapi({
      description:
        'When the kiosk was last taken back from a citizen, if it has not been wiped since: it still holds her contacts and config, so it is lent to nobody else before a wipe (POST /api/devices/{id}/lend answers 409); the same citizen may have it back. Null when not.',
    }),
    enrolmentCodeUntil: z.iso.datetime().nullable().openapi({
      description:
        'Until when the enrolment code made for this kiosk works, while one is made and not used yet (the time may have passed); null when none. Never the code itself. POST /api/devices/{id}/lend leaves the code as it is; POST /api/devices/{id}/enrolment-code replaces it.',
    }),
    health: Health,
  })
  .openapi('DeviceSummary');

export const DeviceDetailView = DeviceSummaryView.extend({
  targetConfig: DeviceConfig.nullable(),
  commands: z.array(
    z.object({
      id: z.uuid(),
      type: z.string(),
      attempts: z.number().int(),
      sentAt: z.iso.datetime().nullable(),
      createdAt: z.iso.datetime(),
    }),
  ),
  recentCommands: z.array(
    z.object({
      id: z.uuid(),
      type: z.string(),
      status: z.enum(['pending', 'sent', 'applied', 'rejected', 'failed']),
      reason: z.string().nullable(),
      createdAt: z.iso.datetime(),
      ackedAt: z.iso.datetime().nullable(),
    }),
  ),
  wipe: z.object({ id: z.uuid(), requestedAt: z.iso.datetime(), afterWipe: z.string() }).nullable(),
  returnedFrom: z.object({ id: z.uuid(), name: z.string(), ref: z.string() }).nullable().optional().openapi({
    description:
      'Support only: whom a kiosk in `returnedUnwipedAt` came back from, the one citizen it may be lent to again before a wipe; null when not returned, or she is unknown, erased or closed.',
  }),
}).openapi('DeviceDetail');

export const EnrolmentCodeView = z
  .object({ code: z.string(), expiresAt: z.iso.datetime() })
  .openapi('DeviceEnrolmentCode');

export const PushedConfigView = z
  .object({ version: z.number().int(), commandId: z.uuid(), config: DeviceConfig })
  .openapi('PushedDeviceConfig');

export const WipeOutcomeView = z
  .object({
    wipeId: z.uuid(),
    status: z.enum(['acknowledged', 'settled_by_refusal', 'pending']),
    deviceWasOnline: z.boolean(),
  })
  .openapi('WipeOutcome');

export const IdentifyBody = z
  .object({ seconds: z.number().int().min(1).max(120).default(30) })
  .strict()
  .openapi('IdentifyDeviceRequest');

export const HoldBody = z
  .object({
    heldAs: z.enum(['lost', 'in_repair']).nullable().openapi({
      description:
        'lost: the loan ends, the credential is revoked and the kiosk wipes itself if it ever connects; in_repair: the loan ends, nothing is erased; null: back in service.',
    }),
  })
  .strict()
  .openapi('HoldDeviceRequest');

export const CommandIssuedView = z
  .object({ commandId: z.uuid(), deviceWasOnline: z.boolean() })
  .openapi('DeviceCommandIssued');

export const CitizenChoicesQuery = z.object({
  q: z
    .string()
    .trim()
    .max(80)
    .default('')
    .openapi({ description: 'Part of the citizen’s name, or her ref.' }),
  exact: z.enum(['true', 'false']).default('false').openapi({
    description:
      'true: only citizens whose whole name is `q` (any case), no ref; the support CLI resolves a typed name with it, so a namesake is never pushed out of the 20 by names that merely contain `q`.',
  }),
});

export const CitizenChoicesView = z
  .object({
    citizens: z.array(
      z.object({
        id: z.uuid(),
        displayName: z.string(),
        deviceLabel: z.string().nullable(),
        units: z.array(z.string()).openapi({
          description: 'Names of the units the citizen is enrolled in now (tells namesakes apart)',
        }),
        ref: z
          .string()
          .openapi({ description: 'Short neutral reference, as on the citizen card', example: '3F2A9C' }),
      }),
    ),
  })
  .openapi('DeviceCitizenChoices');
