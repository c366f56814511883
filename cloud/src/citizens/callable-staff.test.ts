import { describe, expect, it } from 'vitest';
import type { RelationGraph } from '../care/index.js';
import { callableStaffFor } from './callable-staff.js';

const at = new Date('2026-12-02T10:00:00Z');
const day = 86_400_000;
const ids = {
  citizen: '00000000-0000-4000-8000-000000000001',
  team: '00000000-0000-4000-8000-000000000002',
  guidance: '00000000-0000-4000-8000-000000000003',
  guide: '00000000-0000-4000-8000-000000000004',
};

function graph(over: Partial<RelationGraph> = {}): RelationGraph {
  return {
    timeZone: 'Europe/Copenhagen',
    staff: [],
    citizens: [{ id: ids.citizen, disabledAt: null }],
    units: [
      { id: ids.team, kind: 'home_care_team' },
      { id: ids.guidance, kind: 'home_guidance' },
    ],
    memberships: [],
    enrolments: [
      {
        id: 'e-team',
        citizenId: ids.citizen,
        unitId: ids.team,
        guideStaffId: null,
        startedAt: new Date(at.getTime() - day),
        endedAt: null,
      },
    ],
    coverage: [],
    citizenCoverage: [],
    permissions: [],
    ...over,
  };
}

const allow = (enrolmentId: string, revokedAt: Date | null = null) => ({
  id: `p-${enrolmentId}`,
  enrolmentId,
  direction: 'citizen_to_staff' as const,
  windows: null,
  revokedAt,
});

describe('whom the citizen home screen offers to call', () => {
  it('offers nothing without a citizen_to_staff permission', () => {
    expect(callableStaffFor(graph(), ids.citizen, at)).toBeNull();
  });

  it('offers the team when the team enrolment allows citizen calls', () => {
    expect(callableStaffFor(graph({ permissions: [allow('e-team')] }), ids.citizen, at)).toEqual({
      kind: 'team',
      to: { kind: 'pool', id: ids.team },
    });
  });

  it('prefers the named home guide over the team', () => {
    const g = graph({
      enrolments: [
        ...graph().enrolments,
        {
          id: 'e-guide',
          citizenId: ids.citizen,
          unitId: ids.guidance,
          guideStaffId: ids.guide,
          startedAt: new Date(at.getTime() - day),
          endedAt: null,
        },
      ],
      permissions: [allow('e-team'), allow('e-guide')],
    });
    expect(callableStaffFor(g, ids.citizen, at)).toEqual({
      kind: 'guide',
      to: { kind: 'staff', id: ids.guide },
    });
  });

  it('offers nothing once the permission is revoked or the enrolment has ended', () => {
    expect(callableStaffFor(graph({ permissions: [allow('e-team', at)] }), ids.citizen, at)).toBeNull();
    const ended = graph({
      enrolments: [{ ...graph().enrolments[0]!, endedAt: at }],
      permissions: [allow('e-team')],
    });
    expect(callableStaffFor(ended, ids.citizen, at)).toBeNull();
  });
});
