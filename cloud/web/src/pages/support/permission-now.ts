import { formatClockTime } from '../../shared/municipal-date.js';
import type { Direction, TimeWindow } from './support-api.js';

/**
 * What holds now, in the words of the permission rules (cloud/src/care/permissions/decide.ts): staff of the unit
 * call an enrolled citizen at any time unless a staff_to_citizen row narrows it to windows; the citizen's own
 * directions need a row. (The editor used to say "not allowed" for staff calls that were allowed.)
 * Clock times as everywhere else in ScreenVisit (formatClockTime: 09.00 in Danish, 09:00 in English); "Nu:"
 * read "09:00–15:00" beside the day plan's and planning's 09.00 (seen on the suptour walk).
 */
export function describePermission(
  direction: Direction,
  current: { windows: unknown } | undefined,
  t: (k: string, v?: Record<string, string>) => string,
  language: 'da' | 'en',
): string {
  if (!current) return t(direction === 'staff_to_citizen' ? 'perm.byMembership' : 'perm.none');
  if (!Array.isArray(current.windows)) return t('perm.always');
  const clock = (time: string) => formatClockTime(time, language);
  return (current.windows as TimeWindow[])
    .map((w) => `${w.days.map((d) => t(`day.${d}`)).join(', ')} ${clock(w.from)}–${clock(w.to)}`)
    .join('; ');
}

/**
 * Why a weekly window cannot be saved, as a catalogue key, or null when it can: the cloud's TimeWindow
 * (cloud/src/care/time/windows.ts) needs at least one day, both clock times, and from ≠ to (a window may span
 * midnight, so from > to is fine).
 */
export function windowProblem(
  days: readonly number[],
  from: string,
  to: string,
): 'perm.problem.noDay' | 'perm.problem.noTime' | 'perm.problem.sameTime' | null {
  if (days.length === 0) return 'perm.problem.noDay';
  if (from === '' || to === '') return 'perm.problem.noTime';
  if (from === to) return 'perm.problem.sameTime';
  return null;
}
