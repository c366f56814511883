import { isoWeekOf } from '../care/index.js';

/**
 * "Active" (issue 13 §2): took part in a call that CONNECTED (call_records.connected_at) in the period. A ring
 * nobody answered makes no one active. Kiosk calls are recorded as their citizen (calls/records.ts).
 */
export interface ActivityRecord {
  callerKind: string;
  callerId: string;
  calleeKind: string;
  calleeId: string;
  answeredByStaffId: string | null;
  connectedAt: Date | null;
}

export interface Scope {
  /** citizen id → the scoped units they are (or were) enrolled in */
  citizenUnits: ReadonlyMap<string, readonly string[]>;
  /** staff id → the scoped units they are a member of */
  staffUnits: ReadonlyMap<string, readonly string[]>;
}

export interface ActiveCounts {
  citizens: number;
  staff: number;
}

function participants(r: ActivityRecord): { citizens: string[]; staff: string[] } {
  const citizens: string[] = [];
  const staff = new Set<string>();
  for (const [kind, id] of [
    [r.callerKind, r.callerId],
    [r.calleeKind, r.calleeId],
  ] as const) {
    if (kind === 'citizen') citizens.push(id);
    if (kind === 'staff') staff.add(id);
  }
  if (r.answeredByStaffId) staff.add(r.answeredByStaffId);
  return { citizens, staff: [...staff] };
}

/** Distinct active citizens and staff in `unitId` (or in every scoped unit when null) among `records`. */
export function activeIn(
  records: readonly ActivityRecord[],
  scope: Scope,
  unitId: string | null,
): ActiveCounts {
  const citizens = new Set<string>();
  const staff = new Set<string>();
  const inScope = (units: readonly string[] | undefined) =>
    units !== undefined && (unitId === null ? units.length > 0 : units.includes(unitId));
  for (const r of records) {
    if (!r.connectedAt) continue;
    const p = participants(r);
    for (const c of p.citizens) if (inScope(scope.citizenUnits.get(c))) citizens.add(c);
    for (const s of p.staff) if (inScope(scope.staffUnits.get(s))) staff.add(s);
  }
  return { citizens: citizens.size, staff: staff.size };
}

/**
 * Whether a call concerns the scoped units: one of its citizens or staff is in one of them (the same parties
 * activeIn counts). A unit manager's figures must not count another unit's calls. Used by: loadDashboard's
 * table of what the parties measured.
 */
export function involvesScope(r: ActivityRecord, scope: Scope): boolean {
  const p = participants(r);
  return (
    p.citizens.some((c) => (scope.citizenUnits.get(c)?.length ?? 0) > 0) ||
    p.staff.some((s) => (scope.staffUnits.get(s)?.length ?? 0) > 0)
  );
}

/** Records grouped by the ISO week of their connection (municipality zone). */
export function byWeek<T extends ActivityRecord>(records: readonly T[], timeZone: string): Map<string, T[]> {
  const weeks = new Map<string, T[]>();
  for (const r of records) {
    if (!r.connectedAt) continue;
    const w = isoWeekOf(r.connectedAt, timeZone);
    weeks.set(w, [...(weeks.get(w) ?? []), r]);
  }
  return weeks;
}
