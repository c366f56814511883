import { z } from '@hono/zod-openapi';
import { problemContent } from '../../kernel/http/problem-schema.js';

export const LoginRequest = z
  .object({
    username: z.string().trim().min(1).max(200),
    // Not the policy's limits: an old password must still be accepted; 1024 bounds the argon2 input.
    password: z.string().min(1).max(1024),
    municipalityId: z.uuid().optional().openapi({
      description:
        'The municipality to log in to. Optional: without it the username is looked up in every municipality and must be unique.',
    }),
  })
  .strict()
  .openapi('StaffLoginRequest');

export const SecondFactorName = z.enum(['totp', 'recovery', 'passkey']);

export const LoginStep = z
  .object({
    stage: z.enum(['second_factor', 'password_change', 'full']),
    csrfToken: z.string(),
    factors: z.array(SecondFactorName).openapi({
      description:
        'The second factors this person can use. Empty: enrol TOTP first (POST /api/auth/totp/enrol).',
    }),
    enrolmentRequired: z.boolean(),
    passwordChange: z.enum(['temporary', 'expired']).optional().openapi({
      description:
        'With stage `password_change` only: why. `temporary`: a one-time password from the operator (never changed); `expired`: older than the municipality’s maximum age.',
    }),
  })
  .openapi('StaffLoginStep');

export const CodeRequest = z
  .object({ code: z.string().trim().min(1).max(64) })
  .strict()
  .openapi('SecondFactorCode');

export const FullSession = z
  .object({ stage: z.literal('full'), csrfToken: z.string() })
  .openapi('StaffFullSession');

export const EnrolResponse = z
  .object({
    otpauthUri: z.string(),
    qrCodeDataUrl: z.string().openapi({ description: 'PNG data URL of the otpauth URI' }),
    secret: z.string().openapi({ description: 'Base32 secret for typing into the app by hand' }),
    expiresAt: z.iso.datetime(),
  })
  .openapi('TotpEnrolment');

export const ConfirmResponse = z
  .object({
    recoveryCodes: z.array(z.string()).openapi({ description: 'Shown once. Each works once.' }),
    stage: z.literal('full'),
    csrfToken: z.string().optional(),
  })
  .openapi('TotpConfirmed');

export const PasswordChangeRequest = z
  .object({
    /** Left out only when choosing the first password after an invitation (the account has none). */
    current: z.string().min(1).max(1024).optional(),
    next: z.string().min(1).max(1024),
  })
  .strict()
  .openapi('PasswordChangeRequest');

export const problems = {
  400: { description: 'invalid input', ...problemContent },
  401: { description: 'not logged in, or wrong credentials', ...problemContent },
  403: { description: 'refused (network, closed account, CSRF)', ...problemContent },
  429: { description: 'too many attempts; see Retry-After', ...problemContent },
} as const;
