import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { citizenEnrolmentsTable, staffTable, unitMembershipsTable } from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import type { Principal } from '../../kernel/principal.js';
import type { CareDeps } from '../route-helpers.js';
import { citizenOf, isMember, mayManageUnit, unitOf } from '../scope.js';

/** What decides who may be responsible for a slot of one unit (and, when known, one citizen). */
export interface ResponsibleFacts {
  readonly principalId: string;
  /** Support, or a manager of the unit. */
  readonly manages: boolean;
  readonly members: ReadonlySet<string>;
  readonly homeGuidance: boolean;
  /** The citizen's guide in this unit; null when no citizen is chosen yet or the enrolment has none. */
  readonly guide: string | null;
}

export type ResponsibleRefusal = 'not_yours' | 'not_the_guide' | 'not_a_member';

/**
 * THE rule, used both by the write (checkResponsible) and by the picker's list (responsibleChoices), so the
 * planning form offers exactly the people the server accepts. Support or a manager of the unit plans for anyone
 * of the unit; a member plans for themself or for the whole unit (null: whoever is at work that day). In home
 * guidance only the citizen’s guide calls (issue 4), so only the guide can be responsible (checkResponsible reads
 * null there as the guide).
 */
export function responsibleRefusal(
  facts: ResponsibleFacts,
  staffId: string | null,
): ResponsibleRefusal | null {
  if (!mayPlanFor(facts.principalId, facts.manages, facts.members.has(facts.principalId), staffId))
    return 'not_yours';
  if (facts.homeGuidance && staffId !== facts.guide) return 'not_the_guide';
  if (staffId && staffId !== facts.guide && !facts.members.has(staffId)) return 'not_a_member';
  return null;
}

/** Support or a manager of the unit plans for anyone; a member of it for themself or for the whole unit. */
function mayPlanFor(principalId: string, manages: boolean, isMember: boolean, staffId: string | null) {
  return manages || ((staffId === null || staffId === principalId) && isMember);
}

/** Used by: editSlot, readSlot, recordOutcome: may the caller plan (or see, or close) a slot held by `staffId`? */
export async function mayPlan(deps: CareDeps, principal: Principal, unitId: string, staffId: string | null) {
  const db = deps.db.db;
  if (await mayManageUnit(db, principal, unitId)) return true;
  return mayPlanFor(principal.id, false, await isMember(db, principal.id, unitId), staffId);
}

async function factsOf(
  deps: CareDeps,
  principal: Principal,
  unitId: string,
  citizenId: string | null,
): Promise<ResponsibleFacts & { enrolled: boolean }> {
  const db = deps.db.db;
  const unit = await unitOf(db, principal, unitId);
  let guide: string | null = null;
  let enrolled = false;
  if (citizenId) {
    await citizenOf(db, principal, citizenId);
    const [enrolment] = await db
      .select({ guide: citizenEnrolmentsTable.guideStaffId })
      .from(citizenEnrolmentsTable)
      .where(
        and(
          eq(citizenEnrolmentsTable.citizenId, citizenId),
          eq(citizenEnrolmentsTable.unitId, unitId),
          isNull(citizenEnrolmentsTable.endedAt),
        ),
      );
    enrolled = enrolment !== undefined;
    guide = enrolment?.guide ?? null;
  }
  const members = await db
    .select({ staffId: unitMembershipsTable.staffId })
    .from(unitMembershipsTable)
    .where(eq(unitMembershipsTable.unitId, unitId));
  return {
    principalId: principal.id,
    manages: await mayManageUnit(db, principal, unitId),
    members: new Set(members.map((m) => m.staffId)),
    homeGuidance: unit.kind === 'home_guidance',
    guide,
    enrolled,
  };
}

/**
 * Used by: planSlot, editSlot, planSeries. Throws the reason the server refuses `staffId` for this slot, else
 * returns whom to record. In home guidance no one chosen means the citizen's guide, the only one who may call:
 * the planning form's "Medarbejder (valgfrit)" left empty must not be refused for want of the one choice there is.
 */
export async function checkResponsible(
  deps: CareDeps,
  principal: Principal,
  citizenId: string,
  unitId: string,
  chosen: string | null,
): Promise<string | null> {
  const facts = await factsOf(deps, principal, unitId, citizenId);
  const staffId = chosen === null && facts.homeGuidance ? facts.guide : chosen;
  const refusal = responsibleRefusal(facts, staffId);
  if (refusal === 'not_yours')
    throw AppError.forbidden('Only support, a manager of the unit or the responsible staff can plan this.');
  if (!facts.enrolled) throw AppError.invalidInput('The citizen is not enrolled in this unit.');
  if (refusal === 'not_the_guide')
    throw AppError.invalidInput('In home guidance the citizen’s guide is the responsible person.');
  if (refusal === 'not_a_member')
    throw AppError.invalidInput('The responsible person must be a member of the unit.');
  return staffId;
}

/**
 * Used by: GET /api/day-plan/responsible (the planning form's "Medarbejder (valgfrit)" picker). The active staff
 * the caller may name responsible for a slot of this unit and citizen: the same rule as the write, so a choice
 * offered here is never refused there. Without a citizen the guide is unknown: home guidance offers nobody yet.
 */
export async function responsibleChoices(
  deps: CareDeps,
  principal: Principal,
  unitId: string,
  citizenId: string | null,
) {
  const facts = await factsOf(deps, principal, unitId, citizenId);
  const candidates = [...facts.members, ...(facts.guide ? [facts.guide] : [])];
  const allowed = candidates.filter((id) => responsibleRefusal(facts, id) === null);
  if (allowed.length === 0) return [];
  return deps.db.db
    .select({ id: staffTable.id, displayName: staffTable.displayName, username: staffTable.username })
    .from(staffTable)
    .where(
      and(
        inArray(staffTable.id, allowed),
        eq(staffTable.municipalityId, principal.municipalityId),
        isNull(staffTable.disabledAt),
      ),
    )
    .orderBy(asc(staffTable.displayName), asc(staffTable.username));
}
