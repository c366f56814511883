import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Db, nightWatchPoolSettingsTable, PHONE_PATTERN, unitsTable } from '../../db/index.js';
import { danishMobile } from '../../kernel/danish-mobile.js';
import { CareError } from '../errors.js';

/** What a pool's night-watch router does when nobody takes a call (calls/night-watch/router.ts). */
export type Fallback =
  | { kind: 'pool'; poolUnitId: string }
  | { kind: 'phone'; number: string }
  | { kind: 'none' };

export interface PoolRouting {
  strategy: 'ring_all' | 'longest_idle';
  /** longest_idle: how long one member rings before the next is tried. */
  memberRingMs: number;
  /** N: nobody accepted within this long after ringing started → escalate. */
  answerTimeoutMs: number;
  /** A call waiting in the queue (everyone busy) this long → escalate. */
  queueTimeoutMs: number;
  fallback: Fallback;
}

export const ALERT_MOBILE_RULE = 'An alert mobile is a Danish mobile number: 8 digits, optionally with +45.';

/**
 * The alert mobile as stored: the SMS gateway's format, +45 and 8 digits (delivery/gatewayapi-sms.ts `msisdn`).
 * Spaces are dropped and 8 bare digits get +45, as people write Danish mobiles; empty is no alert mobile.
 * Used by: PoolSettingsInput (support's pool form) and settings/service.ts (the admin settings form), so both
 * forms accept and refuse the same numbers.
 */
export function normaliseAlertMobile(typed: string | null): string | null | 'invalid' {
  if (typed === null || typed.trim() === '') return null;
  return danishMobile(typed) ?? 'invalid';
}

/** The audit log keeps a person's alert mobile only by its last two digits. */
export const maskAlertMobile = (stored: string | null) => stored && `+45••••••${stored.slice(-2)}`;

/** Pool settings as admins set them. Defaults: ring everyone, 60 s to answer, 5 min in the queue. */
export const PoolSettingsInput = z
  .object({
    strategy: z.enum(['ring_all', 'longest_idle']).default('ring_all'),
    memberRingSeconds: z.number().int().min(5).max(120).default(20),
    answerTimeoutSeconds: z.number().int().min(10).max(600).default(60),
    queueTimeoutSeconds: z.number().int().min(30).max(3600).default(300),
    fallbackPoolUnitId: z.uuid().nullable().default(null),
    /** A switchboard number shown to the citizen; digits, spaces and a leading + only. */
    fallbackPhone: z
      .string()
      .regex(PHONE_PATTERN, 'digits and spaces, optionally a leading +')
      .nullable()
      .default(null),
    /**
     * A responsible person's mobile, texted when the pool has people on duty but none reachable (issue 10 §2).
     * Typed as people write it; stored as the SMS gateway wants it (normaliseAlertMobile).
     */
    alertPhone: z
      .string()
      .max(24)
      .refine((typed) => normaliseAlertMobile(typed) !== 'invalid', ALERT_MOBILE_RULE)
      .nullable()
      // No default: left out means "keep it" (savePoolSettings), which a default of null would erase.
      .optional(),
  })
  .strict();
export type PoolSettingsInput = z.input<typeof PoolSettingsInput>;

export async function savePoolSettings(
  db: Db,
  poolUnitId: string,
  input: PoolSettingsInput,
  at: Date,
): Promise<void> {
  const s = PoolSettingsInput.parse(input);
  // A client that does not know the alert mobile must not erase it by leaving it out.
  if (s.alertPhone !== undefined) {
    const typedAlert = normaliseAlertMobile(s.alertPhone);
    if (typedAlert === 'invalid') throw CareError.invalidInput(ALERT_MOBILE_RULE);
    s.alertPhone = typedAlert;
  } else {
    const [current] = await db
      .select({ alertPhone: nightWatchPoolSettingsTable.alertPhone })
      .from(nightWatchPoolSettingsTable)
      .where(eq(nightWatchPoolSettingsTable.poolUnitId, poolUnitId));
    s.alertPhone = current?.alertPhone ?? null;
  }
  if (s.fallbackPoolUnitId === poolUnitId) throw CareError.invalidInput('a pool cannot fall back to itself');
  const ids = [poolUnitId, ...(s.fallbackPoolUnitId ? [s.fallbackPoolUnitId] : [])];
  for (const id of ids) {
    const [unit] = await db.select({ kind: unitsTable.kind }).from(unitsTable).where(eq(unitsTable.id, id));
    if (unit?.kind !== 'night_watch_pool')
      throw new CareError('not_a_pool', `unit ${id} is not a night-watch pool`);
  }
  const values = { ...s, updatedAt: at };
  await db
    .insert(nightWatchPoolSettingsTable)
    .values({ poolUnitId, ...values })
    .onConflictDoUpdate({ target: nightWatchPoolSettingsTable.poolUnitId, set: values });
}

/** What NightWatchRouter needs. A fallback pool wins over a phone number; neither means "we call you back". */
export async function loadPoolRouting(db: Db, poolUnitId: string): Promise<PoolRouting> {
  const [row] = await db
    .select()
    .from(nightWatchPoolSettingsTable)
    .where(eq(nightWatchPoolSettingsTable.poolUnitId, poolUnitId));
  const s = row ?? PoolSettingsInput.parse({});
  return {
    strategy: s.strategy,
    memberRingMs: s.memberRingSeconds * 1000,
    answerTimeoutMs: s.answerTimeoutSeconds * 1000,
    queueTimeoutMs: s.queueTimeoutSeconds * 1000,
    fallback: s.fallbackPoolUnitId
      ? { kind: 'pool', poolUnitId: s.fallbackPoolUnitId }
      : s.fallbackPhone
        ? { kind: 'phone', number: s.fallbackPhone }
        : { kind: 'none' },
  };
}
