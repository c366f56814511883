import type { RelationGraph } from '../care/index.js';

/**
 * Whom the citizen's home screen offers to call in one step (issue 15 §2), or null:
 * - home guidance with a named guide: the guide ("Ring til din hjemmevejleder");
 * - a home-care team or facility: the team, which rings every member ("Ring til hjemmeplejen").
 * Only where the enrolment is active and carries an open `citizen_to_staff` permission: the same relation
 * the permission service checks (care/permissions/decide.ts citizenToStaff/citizenToUnit), so the button
 * never shows where the router would refuse `not_permitted`. Time windows are left to the router: outside
 * them the citizen gets its plain Danish refusal, which explains more than a missing button.
 */
export type CallableStaff =
  | { kind: 'guide'; to: { kind: 'staff'; id: string } }
  | { kind: 'team'; to: { kind: 'pool'; id: string } };

export function callableStaffFor(g: RelationGraph, citizenId: string, at: Date): CallableStaff | null {
  const t = at.getTime();
  const kindOf = new Map(g.units.map((u) => [u.id, u.kind]));
  const active = g.enrolments
    .filter((e) => e.citizenId === citizenId && e.startedAt.getTime() <= t)
    .filter((e) => !e.endedAt || e.endedAt.getTime() > t)
    .filter((e) =>
      g.permissions.some(
        (p) =>
          p.enrolmentId === e.id &&
          p.direction === 'citizen_to_staff' &&
          (!p.revokedAt || p.revokedAt.getTime() > t),
      ),
    )
    // Sorted, so two qualifying enrolments always give the same button.
    .sort((a, b) => a.id.localeCompare(b.id));
  const guide = active.find((e) => kindOf.get(e.unitId) === 'home_guidance' && e.guideStaffId);
  if (guide?.guideStaffId) return { kind: 'guide', to: { kind: 'staff', id: guide.guideStaffId } };
  const team = active.find((e) => {
    const k = kindOf.get(e.unitId);
    return k === 'home_care_team' || k === 'facility';
  });
  return team ? { kind: 'team', to: { kind: 'pool', id: team.unitId } } : null;
}
