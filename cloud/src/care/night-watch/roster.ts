/**
 * The duty roster as pure functions over shift rows (issue 4 §3: "when do I have the watch?"). Shifts are
 * instants, so a 22:00–07:00 night lasts 8 real hours when the clocks go forward in March and 10 when they
 * go back in October; durations are always end − start in milliseconds, never wall-clock arithmetic.
 */
export interface ShiftRow {
  id: string;
  poolUnitId: string;
  staffId: string;
  startsAt: Date;
  endsAt: Date;
  overridesShiftId: string | null;
  cancelled: boolean;
}

/** Scheduled shifts with overrides applied: a replaced shift gives way to its override, a cancelled one vanishes. */
export function effectiveShifts<T extends ShiftRow>(rows: readonly T[]): T[] {
  const overridden = new Set(rows.flatMap((r) => (r.overridesShiftId ? [r.overridesShiftId] : [])));
  return rows
    .filter((r) => !overridden.has(r.id) && !r.cancelled)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.staffId.localeCompare(b.staffId));
}

export const durationMs = (s: Pick<ShiftRow, 'startsAt' | 'endsAt'>) =>
  s.endsAt.getTime() - s.startsAt.getTime();

/** Who has the watch at `at` by the roster (several may overlap; that is allowed across members). */
export function onWatchAt<T extends ShiftRow>(shifts: readonly T[], at: Date): T[] {
  const t = at.getTime();
  return effectiveShifts(shifts).filter((s) => s.startsAt.getTime() <= t && t < s.endsAt.getTime());
}

/** A member's watches that have not ended yet, soonest first: the answer to "when do I have the watch?". */
export function upcomingWatches<T extends ShiftRow>(shifts: readonly T[], staffId: string, from: Date): T[] {
  return effectiveShifts(shifts).filter((s) => s.staffId === staffId && s.endsAt.getTime() > from.getTime());
}

/** Pairs of shifts of the SAME member that overlap in time (a roster error: one person, two watches). */
export function sameMemberOverlaps<T extends Pick<ShiftRow, 'staffId' | 'startsAt' | 'endsAt'>>(
  shifts: readonly T[],
): [T, T][] {
  const out: [T, T][] = [];
  const sorted = [...shifts].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i]!;
      const b = sorted[j]!;
      if (b.startsAt.getTime() >= a.endsAt.getTime()) continue;
      if (a.staffId === b.staffId) out.push([a, b]);
    }
  }
  return out;
}

/** One parsed shift, before usernames are resolved. `row` names the CSV line or iCalendar event in errors. */
export interface ShiftCandidate {
  row: string;
  username: string;
  startsAt: Date;
  endsAt: Date;
  externalUid: string;
}
export interface ShiftParseError {
  row: string;
  message: string;
}
