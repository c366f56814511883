import { z } from 'zod';
import type { Stage } from './transitions.js';

/** Follow-up evaluations after installation: 1 week, 1 month, then every 6 months (configurable). */
export const FollowUpPolicy = z
  .object({
    firstDays: z.array(z.number().int().min(1).max(400)).min(1).max(6).default([7, 30]),
    thenEveryDays: z.number().int().min(30).max(400).default(182),
    /** A lent kiosk not back this many days after the end is flagged in the support console. */
    collectWithinDays: z.number().int().min(1).max(90).default(14),
  })
  .strict();
export type FollowUpPolicy = z.output<typeof FollowUpPolicy>;

const DAY = 86_400_000;

/** When evaluation number `done + 1` is due, counted from installation. */
export function nextEvaluationAt(installedAt: Date, done: number, policy: FollowUpPolicy): Date {
  const first = policy.firstDays;
  const days =
    done < first.length ? first[done]! : first.at(-1)! + (done - first.length + 1) * policy.thenEveryDays;
  return new Date(installedAt.getTime() + days * DAY);
}

export interface CaseSnapshot {
  stage: Stage;
  deviceChoice: 'loan_kiosk' | 'own_device' | null;
  nextEvaluationAt: Date | null;
  endedAt: Date | null;
  deviceReturnedAt: Date | null;
}

export type Overdue = 'evaluation_due' | 'device_not_collected';

/** What the support console flags for one case at `now`. */
export function overdue(c: CaseSnapshot, now: Date, policy: FollowUpPolicy): Overdue[] {
  const out: Overdue[] = [];
  if (c.stage !== 'ended' && c.nextEvaluationAt && c.nextEvaluationAt <= now) out.push('evaluation_due');
  if (
    c.stage === 'ended' &&
    c.deviceChoice === 'loan_kiosk' &&
    c.deviceReturnedAt === null &&
    c.endedAt !== null &&
    now.getTime() - c.endedAt.getTime() >= policy.collectWithinDays * DAY
  )
    out.push('device_not_collected');
  return out;
}
