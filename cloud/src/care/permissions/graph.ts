import type { RefusalCode } from '@screenvisit/protocol';
import type { CallDirection, UnitKind } from '../../db/index.js';
import type { TimeWindows } from '../time/windows.js';

/**
 * The relations of ONE municipality as plain data: what the DB holds, loaded by repository.ts, so the decision
 * itself is a pure function that property tests can drive with random graphs.
 */
export interface RelationGraph {
  readonly timeZone: string;
  readonly staff: readonly { id: string; disabledAt: Date | null }[];
  readonly citizens: readonly { id: string; disabledAt: Date | null }[];
  readonly units: readonly { id: string; kind: UnitKind }[];
  readonly memberships: readonly { staffId: string; unitId: string }[];
  readonly enrolments: readonly GraphEnrolment[];
  /** Night-watch pool → facility it covers. */
  readonly coverage: readonly { poolUnitId: string; facilityUnitId: string }[];
  /** Night-watch pool → a citizen it covers directly (a home-care citizen, not a facility's resident). */
  readonly citizenCoverage: readonly { poolUnitId: string; citizenId: string }[];
  readonly permissions: readonly GraphPermission[];
}

export interface GraphEnrolment {
  id: string;
  citizenId: string;
  unitId: string;
  guideStaffId: string | null;
  startedAt: Date;
  endedAt: Date | null;
}

export interface GraphPermission {
  id: string;
  enrolmentId: string;
  direction: CallDirection;
  windows: TimeWindows;
  revokedAt: Date | null;
}

/**
 * A party as the permission service sees it. The router resolves a device to its citizen first, and a
 * protocol PartyRef of kind `pool` is a `unit` (a night-watch pool is a unit; so is a team a citizen calls).
 */
export type CallParty = { kind: 'staff' | 'citizen' | 'unit'; id: string };

export interface CallAttempt {
  from: CallParty;
  to: CallParty;
}

/** Which rule allowed the call (audited; the router uses `unitId`/`guideStaffId` to know whom to ring). */
export type AllowedVia =
  | 'team_member'
  | 'facility_staff'
  | 'guide'
  | 'citizen_to_team'
  | 'citizen_to_guide'
  | 'citizen_to_night_watch'
  | 'night_watch_callback';

/** Finer reason for the audit trail; the wire carries only the RefusalCode. */
export type RefusalDetail =
  | 'unknown_party'
  | 'caller_disabled'
  | 'callee_disabled'
  | 'no_relation'
  | 'direction_not_allowed'
  | 'not_the_guide'
  | 'outside_time_window';

export interface LocalisedText {
  da: string;
  en: string;
}

export type Decision =
  | {
      allowed: true;
      via: AllowedVia;
      enrolmentId: string;
      unitId: string;
      permissionId: string | null;
      guideStaffId: string | null;
    }
  | {
      allowed: false;
      reason: RefusalCode;
      detail: RefusalDetail;
      message: LocalisedText;
      /** outside_time_window: when the first of the refused paths' windows opens again (windows.ts nextWindowStart). */
      nextAllowedAt?: Date;
    };
