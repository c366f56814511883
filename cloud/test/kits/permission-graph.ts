import type { GraphEnrolment, GraphPermission, RelationGraph } from '../../src/care/permissions/graph.js';
import type { UnitKind } from '../../src/db/index.js';

/** Builds small readable graphs for the permission tests. */
export const T0 = new Date('2026-03-02T09:00:00Z'); // a Monday, 10:00 in Copenhagen

export function graphOf(parts: {
  staff?: string[];
  citizens?: string[];
  units?: Record<string, UnitKind>;
  memberships?: [staffId: string, unitId: string][];
  enrolments?: (Partial<GraphEnrolment> & Pick<GraphEnrolment, 'id' | 'citizenId' | 'unitId'>)[];
  coverage?: [poolUnitId: string, facilityUnitId: string][];
  citizenCoverage?: [poolUnitId: string, citizenId: string][];
  permissions?: (Partial<GraphPermission> & Pick<GraphPermission, 'id' | 'enrolmentId' | 'direction'>)[];
  disabled?: string[];
}): RelationGraph {
  const disabledAt = (id: string) => (parts.disabled?.includes(id) ? new Date(0) : null);
  return {
    timeZone: 'Europe/Copenhagen',
    staff: (parts.staff ?? []).map((id) => ({ id, disabledAt: disabledAt(id) })),
    citizens: (parts.citizens ?? []).map((id) => ({ id, disabledAt: disabledAt(id) })),
    units: Object.entries(parts.units ?? {}).map(([id, kind]) => ({ id, kind })),
    memberships: (parts.memberships ?? []).map(([staffId, unitId]) => ({ staffId, unitId })),
    enrolments: (parts.enrolments ?? []).map((e) => ({
      guideStaffId: null,
      startedAt: new Date(0),
      endedAt: null,
      ...e,
    })),
    coverage: (parts.coverage ?? []).map(([poolUnitId, facilityUnitId]) => ({ poolUnitId, facilityUnitId })),
    citizenCoverage: (parts.citizenCoverage ?? []).map(([poolUnitId, citizenId]) => ({
      poolUnitId,
      citizenId,
    })),
    permissions: (parts.permissions ?? []).map((p) => ({ windows: null, revokedAt: null, ...p })),
  };
}
