import type { z } from 'zod';
import { AppError } from '../../kernel/errors.js';
import type { Principal } from '../../kernel/principal.js';
import { careAction } from '../care-action.js';
import {
  type AutoAnswerPolicyInput,
  loadAutoAnswerPolicy,
  saveAutoAnswerPolicy,
  setDoNotDisturb,
} from '../index.js';
import { auditCare, type CareDeps, nowOf } from '../route-helpers.js';
import { citizenInScope, citizenUnitIds, mayManageUnit } from '../scope.js';

/** What a missing row means (care/auto-answer.ts): never answer by itself. */
const DEFAULT_VIEW = { enabled: false, countdownSeconds: 10, quietHours: null, doNotDisturbUntil: null };

/** Used by: GET /api/citizens/:id/auto-answer. */
export async function readAutoAnswer(deps: CareDeps, principal: Principal, citizenId: string) {
  const db = deps.db.db;
  await citizenInScope(db, principal, citizenId);
  const policy = await loadAutoAnswerPolicy(db, citizenId);
  if (!policy) return DEFAULT_VIEW;
  return { ...policy, doNotDisturbUntil: policy.doNotDisturbUntil?.toISOString() ?? null };
}

/** Used by: PUT /api/citizens/:id/auto-answer. Support, or a manager of one of the citizen's units. */
export async function writeAutoAnswer(
  deps: CareDeps,
  principal: Principal,
  citizenId: string,
  input: z.input<typeof AutoAnswerPolicyInput>,
  ip: string | null,
) {
  const db = deps.db.db;
  await citizenInScope(db, principal, citizenId);
  let allowed = principal.role === 'support';
  for (const unitId of allowed ? [] : await citizenUnitIds(db, citizenId))
    if (await mayManageUnit(db, principal, unitId)) allowed = true;
  if (!allowed) throw AppError.forbidden('Only support or a manager of the citizen’s unit can change this.');
  await careAction(() => saveAutoAnswerPolicy(db, citizenId, input, nowOf(deps)));
  await auditCare(deps, principal, ip, {
    action: 'care.auto_answer.policy_set',
    targetKind: 'citizen',
    targetId: citizenId,
    details: {
      enabled: input.enabled,
      countdownSeconds: input.countdownSeconds,
      quietHours: input.quietHours !== null,
    },
  });
  return readAutoAnswer(deps, principal, citizenId);
}

/** Used by: PUT /api/citizens/:id/do-not-disturb. Any staff of one of the citizen's units (or support). */
export async function writeDoNotDisturb(
  deps: CareDeps,
  principal: Principal,
  citizenId: string,
  until: Date | null,
  ip: string | null,
) {
  const db = deps.db.db;
  await citizenInScope(db, principal, citizenId);
  const at = nowOf(deps);
  if (until && until.getTime() <= at.getTime())
    throw AppError.invalidInput('“Do not disturb until” must be in the future (or null to clear it).');
  await setDoNotDisturb(db, { citizenId, until, staffId: principal.id, at });
  await auditCare(deps, principal, ip, {
    action: until ? 'care.do_not_disturb.set' : 'care.do_not_disturb.cleared',
    targetKind: 'citizen',
    targetId: citizenId,
    details: until ? { until: until.toISOString() } : {},
  });
  return readAutoAnswer(deps, principal, citizenId);
}
