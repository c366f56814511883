import { z } from '@hono/zod-openapi';
import { ACTIVATION_CHANNELS } from '../delivery/index.js';
import { danishMobile } from '../kernel/danish-mobile.js';

/**
 * Request and response shapes. Citizen input is `.strict()`: an unknown field is refused with 400, so a CPR
 * number or health note sent by a well-meaning integration never reaches the database (minimum data,
 * GDPR art. 5(1)(c)).
 */
export const CitizenId = z.uuid().openapi({ param: { name: 'id', in: 'path' } });
export const CitizenParams = z.object({ id: CitizenId });
export const CredentialParams = z.object({
  id: CitizenId,
  credentialId: z.uuid().openapi({ param: { name: 'credentialId', in: 'path' } }),
});

export const CreateCitizenBody = z
  .object({
    displayName: z.string().trim().min(1).max(80),
    initials: z
      .string()
      .trim()
      .regex(/^[\p{L}.]{1,4}$/u, 'one to four letters')
      .optional(),
    /** A reference to a stored photo (object key), never the image. */
    photoRef: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]{0,199}$/, 'a photo reference (object key)')
      .optional(),
  })
  .strict()
  .openapi('CreateCitizen');

/** The same fields as creating, each optional; initials may be cleared with null. Still strict (no CPR). */
export const EditCitizenBody = z
  .object({
    displayName: z.string().trim().min(1).max(80).optional(),
    initials: z
      .string()
      .trim()
      .regex(/^[\p{L}.]{1,4}$/u, 'one to four letters')
      .nullable()
      .optional(),
  })
  .strict()
  .openapi('EditCitizen');

export const CitizenView = z
  .object({
    id: z.uuid(),
    displayName: z.string(),
    initials: z.string().nullable(),
    photoRef: z.string().nullable(),
  })
  .strict()
  .openapi('Citizen');

/**
 * A Danish mobile, 8 digits with or without +45 and spaces (kernel/danish-mobile.ts, the alert mobile's rule too),
 * given on in E.164. Used to send this one SMS and NOT stored (minimum data).
 */
const DanishMobile = z
  .string()
  .max(24)
  .transform((typed, ctx) => {
    const number = danishMobile(typed);
    if (number === null)
      ctx.addIssue({ code: 'custom', message: 'a Danish mobile number: 8 digits, optionally with +45' });
    return number ?? typed;
  })
  .openapi({ example: '+45 20 30 40 50' });

export const IssueCodeBody = z
  .discriminatedUnion('channel', [
    z.object({ channel: z.literal('letter') }).strict(),
    z.object({ channel: z.literal('sms'), phone: DanishMobile }).strict(),
    z
      .object({
        channel: z.literal('digital_post'),
        /** Who Digital Post delivers to; supplied for this message only and NOT stored. */
        recipientRef: z.string().regex(/^[A-Za-z0-9-]{4,64}$/, 'a Digital Post recipient reference'),
      })
      .strict(),
  ])
  .openapi('IssueActivationCode');

export const IssuedCode = z
  .object({
    codeId: z.uuid(),
    channel: z.enum(ACTIVATION_CHANNELS),
    expiresAt: z.iso.datetime(),
    via: z.enum(['letter_pdf', 'outbox', 'gatewayapi', 'digital_post']),
    /** channel=letter only: the printable letter, base64. The plain code exists nowhere else. */
    letterPdfBase64: z.string().optional(),
  })
  .openapi('IssuedActivationCode');

export const SecurityLevelBody = z
  .discriminatedUnion('level', [
    z.object({ level: z.literal('device_bound') }).strict(),
    z
      .object({ level: z.literal('device_bound_pin'), pin: z.string().regex(/^\d{4,8}$/, '4 to 8 digits') })
      .strict(),
    z.object({ level: z.literal('two_factor') }).strict(),
  ])
  .openapi('CitizenSecurityLevel');

export const SecurityLevelResult = z
  .object({
    level: z.enum(['device_bound', 'device_bound_pin', 'two_factor']),
    /** two_factor only, shown once: for support to set up the citizen's authenticator app in person. */
    totp: z.object({ secret: z.string(), otpauthUri: z.string() }).optional(),
  })
  .openapi('CitizenSecurityLevelResult');

export const CredentialView = z
  .object({
    id: z.uuid(),
    label: z.string(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .openapi('CitizenCredential');

const Pin = z.string().regex(/^\d{4,8}$/, '4 to 8 digits');
const Totp = z.string().regex(/^\d{6}$/, '6 digits');

export const ActivateBody = z
  .object({ code: z.string().min(1).max(40), pin: Pin.optional(), totp: Totp.optional() })
  .strict()
  .openapi('CitizenActivate');

export const ExchangeBody = z
  .object({ pin: Pin.optional(), totp: Totp.optional() })
  .strict()
  .openapi('CitizenLogin');

export const LoginResult = z
  .object({
    /** false: the browser is bound, but the citizen's security level asks for `needs` first. */
    sessionStarted: z.boolean(),
    needs: z.enum(['pin', 'totp']).optional(),
    csrfToken: z.string().optional(),
  })
  .strict()
  .openapi('CitizenLoginResult');

/** The first screen: nothing sensitive, nothing about anyone else. */
export const CitizenMe = z
  .object({
    displayName: z.string(),
    securityLevel: z.enum(['device_bound', 'device_bound_pin', 'two_factor']),
    /** The pool behind "Ring til nattevagten": set only with a citizen_to_night_watch permission. */
    nightWatchPoolId: z.uuid().nullable(),
    /** Whom "Ring til din hjemmevejleder" / "Ring til hjemmeplejen" calls: set only with citizen_to_staff. */
    callStaff: z
      .object({
        kind: z.enum(['guide', 'team']),
        to: z.object({ kind: z.enum(['staff', 'pool']), id: z.uuid() }),
      })
      .nullable(),
  })
  .strict()
  .openapi('CitizenMe');

export const OutboxEntry = z
  .object({
    id: z.uuid(),
    citizenId: z.uuid(),
    channel: z.enum(ACTIVATION_CHANNELS),
    body: z.string(),
    createdAt: z.iso.datetime(),
  })
  .openapi('ActivationOutboxEntry');
