import type { RefusalCode } from '@screenvisit/protocol';
import type { CallDirection } from '../../db/index.js';
import { isWithinWindows, nextWindowStart } from '../time/windows.js';
import type {
  AllowedVia,
  CallAttempt,
  Decision,
  GraphEnrolment,
  GraphPermission,
  RefusalDetail,
  RelationGraph,
} from './graph.js';
import { REFUSAL_TEXT } from './messages.js';

/**
 * THE call-permission rules (issue 4 §1 and §5). The call router asks this on every attempt; nothing else
 * decides who may call whom.
 *
 *   staff → citizen    the staff member is in a unit the citizen is actively enrolled in; in home guidance
 *                      ONLY the enrolment's guide (colleagues may consult, not call); a night-watch member may
 *                      call back a citizen the pool covers (a resident of a covered facility, or a citizen
 *                      covered directly) who may call the watch.
 *                      A staff_to_citizen row, if present, only narrows this to its time windows.
 *   citizen → staff    the staff member is in the enrolment's team/facility (home guidance: is the guide) AND
 *   citizen → unit     the enrolment has a citizen_to_staff row whose windows contain `at`.
 *   citizen → pool     the pool covers the citizen AND that enrolment has a citizen_to_night_watch row whose
 *                      windows contain `at`. The pool covers a citizen either through a facility (the citizen
 *                      is actively enrolled in a facility in pool_coverage; that facility enrolment needs the
 *                      row) or directly (pool_citizen_coverage; then ANY of the citizen's active enrolments
 *                      with the row counts: direct coverage says which pool, the enrolment says who granted it
 *                      and when it ends, so closing the enrolment or revoking the row still ends it).
 *
 * A relation is active while startedAt ≤ at < endedAt, so closing it takes effect at once; a disabled staff
 * member or citizen (disabledAt ≤ at) can neither call nor be called. Everything else is refused.
 */

type Outcome =
  | { ok: true; via: AllowedVia; enrolment: GraphEnrolment; permission: GraphPermission | null }
  | { ok: false; detail: RefusalDetail; nextAllowedAt?: Date };

/** When several paths fail, the most helpful reason wins (a wrong time beats "not connected"). */
const PRIORITY: readonly RefusalDetail[] = [
  'outside_time_window',
  'direction_not_allowed',
  'not_the_guide',
  'no_relation',
];

const CODE: Record<RefusalDetail, RefusalCode> = {
  unknown_party: 'not_permitted',
  caller_disabled: 'not_permitted',
  callee_disabled: 'not_permitted',
  no_relation: 'not_permitted',
  direction_not_allowed: 'not_permitted',
  not_the_guide: 'not_permitted',
  outside_time_window: 'outside_time_window',
};

const activeAt = (from: Date, until: Date | null, at: Date) =>
  from.getTime() <= at.getTime() && (until === null || until.getTime() > at.getTime());

function refuse(detail: RefusalDetail, nextAllowedAt?: Date): Decision {
  return {
    allowed: false,
    reason: CODE[detail],
    detail,
    message: REFUSAL_TEXT[detail],
    ...(nextAllowedAt ? { nextAllowedAt } : {}),
  };
}

/** Of the paths refused for the time of day, the one whose window opens first: when she can call again. */
function soonest(outcomes: readonly Outcome[]): Date | undefined {
  let best: Date | undefined;
  for (const o of outcomes)
    if (!o.ok && o.nextAllowedAt && (!best || o.nextAllowedAt.getTime() < best.getTime()))
      best = o.nextAllowedAt;
  return best;
}

export function decideCall(graph: RelationGraph, attempt: CallAttempt, at: Date): Decision {
  const { from, to } = attempt;
  const findParty = (p: CallAttempt['from']) =>
    p.kind === 'staff'
      ? graph.staff.find((s) => s.id === p.id)
      : p.kind === 'citizen'
        ? graph.citizens.find((c) => c.id === p.id)
        : graph.units.find((u) => u.id === p.id);
  const caller = findParty(from);
  const callee = findParty(to);
  if (!caller || !callee) return refuse('unknown_party');
  const disabled = (p: object) => {
    const d = (p as { disabledAt?: Date | null }).disabledAt;
    return d != null && d.getTime() <= at.getTime();
  };
  if (disabled(caller)) return refuse('caller_disabled');
  if (disabled(callee)) return refuse('callee_disabled');

  const ctx = new Context(graph, at);
  let outcomes: Outcome[] = [];
  if (from.kind === 'staff' && to.kind === 'citizen') outcomes = ctx.staffToCitizen(from.id, to.id);
  else if (from.kind === 'citizen' && to.kind === 'staff') outcomes = ctx.citizenToStaff(from.id, to.id);
  else if (from.kind === 'citizen' && to.kind === 'unit') outcomes = ctx.citizenToUnit(from.id, to.id);

  const win = outcomes.find((o) => o.ok);
  if (win?.ok) {
    return {
      allowed: true,
      via: win.via,
      enrolmentId: win.enrolment.id,
      unitId: win.enrolment.unitId,
      permissionId: win.permission?.id ?? null,
      guideStaffId: win.enrolment.guideStaffId,
    };
  }
  const details = outcomes.flatMap((o) => (o.ok ? [] : [o.detail]));
  const detail = PRIORITY.find((d) => details.includes(d)) ?? 'no_relation';
  return refuse(detail, detail === 'outside_time_window' ? soonest(outcomes) : undefined);
}

class Context {
  constructor(
    private readonly graph: RelationGraph,
    private readonly at: Date,
  ) {}

  private enrolmentsOf(citizenId: string): GraphEnrolment[] {
    return this.graph.enrolments.filter(
      (e) => e.citizenId === citizenId && activeAt(e.startedAt, e.endedAt, this.at),
    );
  }
  private kindOf(unitId: string) {
    return this.graph.units.find((u) => u.id === unitId)?.kind;
  }
  private isMember(staffId: string, unitId: string): boolean {
    return this.graph.memberships.some((m) => m.staffId === staffId && m.unitId === unitId);
  }
  private coversDirectly(poolUnitId: string, citizenId: string): boolean {
    return this.graph.citizenCoverage.some((c) => c.poolUnitId === poolUnitId && c.citizenId === citizenId);
  }
  private rows(enrolmentId: string, direction: CallDirection): GraphPermission[] {
    return this.graph.permissions.filter(
      (p) =>
        p.enrolmentId === enrolmentId &&
        p.direction === direction &&
        (p.revokedAt === null || p.revokedAt.getTime() > this.at.getTime()),
    );
  }
  /** required: a row must exist; otherwise rows (if any) only narrow the relation to their windows. */
  private withRows(
    via: AllowedVia,
    enrolment: GraphEnrolment,
    direction: CallDirection,
    required: boolean,
  ): Outcome {
    const rows = this.rows(enrolment.id, direction);
    if (rows.length === 0)
      return required
        ? { ok: false, detail: 'direction_not_allowed' }
        : { ok: true, via, enrolment, permission: null };
    const open = rows.find((r) => isWithinWindows(r.windows, this.at, this.graph.timeZone));
    if (open) return { ok: true, via, enrolment, permission: open };
    // "Du kan ringe igen …" is a promise: a window that opens only after its row is revoked or the relation has
    // ended opens nothing, so it is not offered (and none is named when no window remains).
    const next = rows
      .flatMap((r) => {
        const at = nextWindowStart(r.windows, this.at, this.graph.timeZone);
        const ends = [r.revokedAt, enrolment.endedAt].filter((d): d is Date => d !== null);
        return at && ends.every((end) => at.getTime() < end.getTime()) ? [at] : [];
      })
      .sort((a, b) => a.getTime() - b.getTime())[0];
    return { ok: false, detail: 'outside_time_window', ...(next ? { nextAllowedAt: next } : {}) };
  }

  staffToCitizen(staffId: string, citizenId: string): Outcome[] {
    return this.enrolmentsOf(citizenId).flatMap((e): Outcome[] => {
      const kind = this.kindOf(e.unitId);
      const out: Outcome[] = [];
      if (kind === 'home_guidance') {
        if (e.guideStaffId === staffId) out.push(this.withRows('guide', e, 'staff_to_citizen', false));
        else if (this.isMember(staffId, e.unitId)) out.push({ ok: false, detail: 'not_the_guide' });
      } else if (kind === 'home_care_team' && this.isMember(staffId, e.unitId)) {
        out.push(this.withRows('team_member', e, 'staff_to_citizen', false));
      } else if (kind === 'facility') {
        if (this.isMember(staffId, e.unitId))
          out.push(this.withRows('facility_staff', e, 'staff_to_citizen', false));
        const callsBack = this.graph.coverage.some(
          (c) => c.facilityUnitId === e.unitId && this.isMember(staffId, c.poolUnitId),
        );
        // A missed night call gets a callback: the watch may ring a resident who may ring the watch.
        if (callsBack && this.rows(e.id, 'citizen_to_night_watch').length > 0)
          out.push({ ok: true, via: 'night_watch_callback', enrolment: e, permission: null });
      }
      const callsBackDirectly = this.graph.citizenCoverage.some(
        (c) => c.citizenId === citizenId && this.isMember(staffId, c.poolUnitId),
      );
      if (callsBackDirectly && this.rows(e.id, 'citizen_to_night_watch').length > 0)
        out.push({ ok: true, via: 'night_watch_callback', enrolment: e, permission: null });
      return out;
    });
  }

  citizenToStaff(citizenId: string, staffId: string): Outcome[] {
    return this.enrolmentsOf(citizenId).flatMap((e): Outcome[] => {
      const kind = this.kindOf(e.unitId);
      if (kind === 'home_guidance') {
        if (e.guideStaffId === staffId)
          return [this.withRows('citizen_to_guide', e, 'citizen_to_staff', true)];
        return this.isMember(staffId, e.unitId) ? [{ ok: false, detail: 'not_the_guide' }] : [];
      }
      if ((kind === 'home_care_team' || kind === 'facility') && this.isMember(staffId, e.unitId))
        return [this.withRows('citizen_to_team', e, 'citizen_to_staff', true)];
      return [];
    });
  }

  citizenToUnit(citizenId: string, unitId: string): Outcome[] {
    const kind = this.kindOf(unitId);
    return this.enrolmentsOf(citizenId).flatMap((e): Outcome[] => {
      if (kind === 'night_watch_pool') {
        const covered = this.graph.coverage.some(
          (c) => c.poolUnitId === unitId && c.facilityUnitId === e.unitId,
        );
        const inFacility = this.kindOf(e.unitId) === 'facility';
        return (covered && inFacility) || this.coversDirectly(unitId, citizenId)
          ? [this.withRows('citizen_to_night_watch', e, 'citizen_to_night_watch', true)]
          : [];
      }
      if (e.unitId !== unitId) return [];
      if (kind === 'home_guidance')
        return e.guideStaffId ? [this.withRows('citizen_to_guide', e, 'citizen_to_staff', true)] : [];
      if (kind === 'home_care_team' || kind === 'facility')
        return [this.withRows('citizen_to_team', e, 'citizen_to_staff', true)];
      return [];
    });
  }
}
