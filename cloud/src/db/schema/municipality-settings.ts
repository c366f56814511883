import { z } from 'zod';

const Cidr = z.union([z.cidrv4(), z.cidrv6()]);
/** A phone number as people write it: digits and spaces, optionally a leading + (the pools' fallback rule). */
export const PHONE_PATTERN = /^\+?[0-9 ]{4,20}$/;

/**
 * Per-municipality policy, stored as jsonb. Every key has a default so a row stored by older code (or `{}`)
 * still parses; read it through `parseMunicipalitySettings`, never straight from the column.
 */
export const MunicipalitySettings = z
  .object({
    /** null turns password expiry off (NIST SP 800-63B advises against forced rotation; some policies want it). */
    passwordMaxAgeDays: z.number().int().min(1).max(3650).nullable().default(90),
    idleTimeoutMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
    /**
     * Staff may log in and keep sessions only from these networks (the customer's requirement). Secure default:
     * an empty list admits no staff at all, so a new municipality must name its networks before staff log in.
     */
    staffNetworks: z.array(Cidr).max(100).default([]),
    inactivityWarnDays: z.number().int().min(1).max(3650).default(60),
    inactivityDisableDays: z.number().int().min(1).max(3650).default(120),
    /**
     * How long a citizen's activation code stays valid, per delivery channel: a letter travels and waits on a
     * table for days, an SMS is read at once (cloud/src/citizens/activation-codes.ts).
     */
    activationCodeTtlHours: z
      .object({
        letter: z.number().int().min(1).max(2160).default(336),
        sms: z.number().int().min(1).max(2160).default(24),
        digital_post: z.number().int().min(1).max(2160).default(168),
      })
      .strict()
      .prefault({}),
    /**
     * Calls only through the TURN relay (iceTransportPolicy 'relay', webrtc-pc §4.2.5): for locked-down networks
     * that allow only outbound TLS to known hosts, and to keep devices' own addresses out of the other party's
     * sight. Needs TURN_URLS (GET /api/calls/ice-servers answers 503 otherwise).
     */
    relayOnly: z.boolean().default(false),
    /**
     * The number a citizen rings for help with ScreenVisit (the municipality's support desk): printed on the
     * activation letter, in the SMS and Digital Post text, and on the citizen's page. null: those say "ring til
     * kommunens support" without a number, as before the setting existed. Citizens get their code in person, by
     * SMS or Digital Post, never e-mail: the number is the one way back they are given.
     */
    citizenHelpPhone: z.string().regex(PHONE_PATTERN).max(24).nullable().default(null),
    /**
     * When support's alerts (cloud/src/alerts/) fire. Defaults are starting values, not measurements: a kiosk is
     * expected to be online all day; 400 ms RTT or 5 % loss is where a video call visibly suffers (ITU-T G.114
     * puts one-way delay above 150 ms as noticeable for conversation).
     */
    alerts: z
      .object({
        offlineHours: z
          .number()
          .int()
          .min(1)
          .max(24 * 14)
          .default(4),
        wipePendingHours: z
          .number()
          .int()
          .min(1)
          .max(24 * 60)
          .default(24),
        poorRttMs: z.number().int().min(50).max(10_000).default(400),
        poorLossPercent: z.number().min(0.1).max(100).default(5),
      })
      .strict()
      .prefault({}),
    /**
     * When a citizen's service case is evaluated after installation (issue 13 §3: "follow-up evaluations at
     * configurable points (e.g. 1 week, 1 month, then every 6 months)") and when a lent kiosk not collected after
     * the end is flagged (service-case/follow-up.ts). Per municipality: each sets its own practice.
     */
    serviceCase: z
      .object({
        evaluationDays: z.array(z.number().int().min(1).max(400)).min(1).max(6).default([7, 30]),
        evaluateEveryDays: z.number().int().min(30).max(400).default(182),
        collectWithinDays: z.number().int().min(1).max(90).default(14),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .refine((s) => s.inactivityDisableDays > s.inactivityWarnDays, {
    message: 'inactivityDisableDays must be later than inactivityWarnDays',
    path: ['inactivityDisableDays'],
  });
export type MunicipalitySettings = z.output<typeof MunicipalitySettings>;
export type MunicipalitySettingsInput = z.input<typeof MunicipalitySettings>;

export function parseMunicipalitySettings(stored: unknown): MunicipalitySettings {
  return MunicipalitySettings.parse(stored ?? {});
}

const DAY_MS = 86_400_000;

/**
 * When the inactivity job closes an account by itself: `inactivityDisableDays` after its last login, or after its
 * creation when it never logged in. One rule for the job (accounts/inactivity.ts) and support's alert
 * (alerts/rules.ts), so the date the alert names is the date the job acts on (at its next run after it).
 */
export function inactivityClosesAt(
  lastActiveAt: Date,
  settings: Pick<MunicipalitySettings, 'inactivityDisableDays'>,
): Date {
  return new Date(lastActiveAt.getTime() + settings.inactivityDisableDays * DAY_MS);
}
