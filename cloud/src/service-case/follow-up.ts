import { eq } from 'drizzle-orm';
import {
  type Db,
  type MunicipalitySettings,
  municipalitiesTable,
  parseMunicipalitySettings,
} from '../db/index.js';
import type { Stage } from './transitions.js';

/**
 * Follow-up evaluations after installation: by default 1 week, 1 month, then every 6 months. Each municipality
 * sets its own (`municipalities.settings.serviceCase`, changed by its system administrator in /admin/ through
 * PUT /api/settings, audited as settings.changed).
 */
export type FollowUpPolicy = MunicipalitySettings['serviceCase'];

/** Used by: every service-case route (the policy of the asker's municipality, read per request). */
export async function followUpPolicyOf(db: Db, municipalityId: string): Promise<FollowUpPolicy> {
  const [m] = await db
    .select({ settings: municipalitiesTable.settings })
    .from(municipalitiesTable)
    .where(eq(municipalitiesTable.id, municipalityId));
  return parseMunicipalitySettings(m?.settings).serviceCase;
}

/** The defaults, for the demo seed and unit tests. */
export const DEFAULT_FOLLOW_UP: FollowUpPolicy = parseMunicipalitySettings({}).serviceCase;

const DAY = 86_400_000;

/** When evaluation number `done + 1` is due, counted from installation. */
export function nextEvaluationAt(installedAt: Date, done: number, policy: FollowUpPolicy): Date {
  const first = policy.evaluationDays;
  const days =
    done < first.length ? first[done]! : first.at(-1)! + (done - first.length + 1) * policy.evaluateEveryDays;
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
