import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { appendAudit, autoAnswerPoliciesTable, type Db } from '../db/index.js';
import type { CallParty, Decision } from './permissions/graph.js';
import { DailySpan, isWithinDailySpan } from './time/windows.js';

/**
 * Whether a citizen's kiosk or BYOD client answers an incoming call by itself (issue 4 §2). Only a call the
 * permission service allowed, from staff, ever auto-answers; the countdown is shown on screen so the citizen
 * can still refuse; quiet hours (municipality zone, may span midnight) and staff-set "do not disturb until"
 * make the call ring normally instead. The protocol carries the countdown as CallIncoming.autoAnswerAfterMs.
 */
export const AutoAnswerPolicy = z
  .object({
    enabled: z.boolean(),
    countdownSeconds: z.number().int().min(3).max(60),
    quietHours: DailySpan.nullable(),
    doNotDisturbUntil: z.date().nullable(),
  })
  .strict();
export type AutoAnswerPolicy = z.infer<typeof AutoAnswerPolicy>;

export type AutoAnswerRefusal =
  | 'no_policy'
  | 'disabled'
  | 'caller_not_permitted'
  | 'caller_not_staff'
  | 'do_not_disturb'
  | 'quiet_hours';

export type AutoAnswerDecision =
  | { autoAnswer: true; afterMs: number }
  | { autoAnswer: false; reason: AutoAnswerRefusal };

export function decideAutoAnswer(input: {
  policy: AutoAnswerPolicy | null;
  caller: CallParty;
  permission: Decision;
  at: Date;
  timeZone: string;
}): AutoAnswerDecision {
  const { policy, at } = input;
  const no = (reason: AutoAnswerRefusal): AutoAnswerDecision => ({ autoAnswer: false, reason });
  if (!policy) return no('no_policy');
  if (!policy.enabled) return no('disabled');
  if (!input.permission.allowed) return no('caller_not_permitted');
  // A citizen's own relatives or other citizens never open someone's camera by themselves.
  if (input.caller.kind !== 'staff') return no('caller_not_staff');
  if (policy.doNotDisturbUntil && at.getTime() < policy.doNotDisturbUntil.getTime())
    return no('do_not_disturb');
  if (policy.quietHours && isWithinDailySpan(policy.quietHours, at, input.timeZone)) return no('quiet_hours');
  return { autoAnswer: true, afterMs: policy.countdownSeconds * 1000 };
}

export async function loadAutoAnswerPolicy(db: Db, citizenId: string): Promise<AutoAnswerPolicy | null> {
  const [row] = await db
    .select()
    .from(autoAnswerPoliciesTable)
    .where(eq(autoAnswerPoliciesTable.citizenId, citizenId));
  if (!row) return null;
  const quiet = DailySpan.nullable().safeParse(row.quietHours ?? null);
  return {
    enabled: row.enabled,
    countdownSeconds: row.countdownSeconds,
    // A stored value that no longer parses errs on the quiet side: all day is quiet, nothing auto-answers.
    quietHours: quiet.success ? quiet.data : { from: '00:00', to: '24:00' },
    doNotDisturbUntil: row.doNotDisturbUntil,
  };
}

export const AutoAnswerPolicyInput = AutoAnswerPolicy.omit({ doNotDisturbUntil: true });

export async function saveAutoAnswerPolicy(
  db: Db,
  citizenId: string,
  input: z.input<typeof AutoAnswerPolicyInput>,
  at: Date,
): Promise<void> {
  const policy = AutoAnswerPolicyInput.parse(input);
  await db
    .insert(autoAnswerPoliciesTable)
    .values({ citizenId, ...policy, updatedAt: at })
    .onConflictDoUpdate({ target: autoAnswerPoliciesTable.citizenId, set: { ...policy, updatedAt: at } });
}

/** Staff set (or clear, with null) "do not disturb until …" for a citizen. */
export async function setDoNotDisturb(
  db: Db,
  input: { citizenId: string; until: Date | null; staffId: string; at: Date },
): Promise<void> {
  const set = { doNotDisturbUntil: input.until, doNotDisturbSetBy: input.staffId, updatedAt: input.at };
  await db
    .insert(autoAnswerPoliciesTable)
    .values({ citizenId: input.citizenId, ...set })
    .onConflictDoUpdate({ target: autoAnswerPoliciesTable.citizenId, set });
}

/** Every auto-answered call is audited (issue 4 §2): ids only. */
export async function auditAutoAnswer(
  db: Db,
  input: {
    municipalityId: string;
    callId: string;
    citizenId: string;
    callerStaffId: string;
    at: Date;
    afterMs: number;
  },
): Promise<void> {
  await appendAudit(db, {
    municipalityId: input.municipalityId,
    at: input.at,
    actorKind: 'system',
    action: 'call.auto_answered',
    targetKind: 'citizen',
    targetId: input.citizenId,
    details: { callId: input.callId, callerStaffId: input.callerStaffId, afterMs: input.afterMs },
  });
}
