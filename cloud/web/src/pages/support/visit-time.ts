import { MUNICIPAL_ZONE, municipalDate, plusCalendarDays } from '../../shared/municipal-date.js';
import { type Said, said } from '../../shared/said.js';

/** The time the planning form suggests on a day still ahead: the middle of the morning, as before. */
export const DEFAULT_VISIT_TIME = '10:00';
/** A suggestion lies at least this far ahead, so it is not past before the form is filled in and sent. */
export const SUGGESTION_LEAD_MINUTES = 5;
/** Suggested times are on the quarter hour (10.15, 10.30, …), as a person plans. */
const STEP_MINUTES = 15;
const DAY_MINUTES = 24 * 60;

const clockOf = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const minutesOf = (clock: string) => {
  const [hour, minute] = clock.split(':').map(Number) as [number, number];
  return hour * 60 + minute;
};

/** Where `now` is on the municipal calendar and clock (Copenhagen), whatever the browser's zone. */
export function municipalNow(now: Date): { date: string; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: MUNICIPAL_ZONE,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(now);
  const part = (type: 'hour' | 'minute') => Number(parts.find((p) => p.type === type)!.value);
  return { date: municipalDate(now), minutes: part('hour') * 60 + part('minute') };
}

/**
 * The date and time the planning form suggests for a visit on `day` (YYYY-MM-DD, the day shown): 10.00 on a
 * day still ahead; today, 10.00 while it is at least five minutes ahead, else the next quarter hour at least
 * five minutes ahead; once today has no such quarter hour left, tomorrow at 10.00. A day already past is
 * today. The form used to suggest 10.00 whatever the time, so an afternoon's plan started in the past.
 */
export function suggestedVisit(day: string, now: Date): { date: string; time: string } {
  const today = municipalNow(now);
  if (day > today.date) return { date: day, time: DEFAULT_VISIT_TIME };
  const earliest = today.minutes + SUGGESTION_LEAD_MINUTES;
  if (minutesOf(DEFAULT_VISIT_TIME) >= earliest) return { date: today.date, time: DEFAULT_VISIT_TIME };
  const next = Math.ceil(earliest / STEP_MINUTES) * STEP_MINUTES;
  return next < DAY_MINUTES
    ? { date: today.date, time: clockOf(next) }
    : { date: plusCalendarDays(today.date, 1), time: DEFAULT_VISIT_TIME };
}

/**
 * Why a visit cannot be planned at `date` `time` (municipal): its day is past, or its time is past today (with
 * the date and time the form would suggest instead: later today, or tomorrow late in the evening); null if not.
 */
export type PastVisit =
  | { readonly kind: 'date' }
  | { readonly kind: 'time'; readonly suggestion: { date: string; time: string } }
  | null;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Whether a visit's date and time (municipal) are already past at `now`. The minute it is now still counts as
 * ahead (a visit planned for now is rung at once). A date or time not filled in is left to the cloud's own
 * check, which names the field.
 */
export function pastVisit(date: string, time: string, now: Date): PastVisit {
  if (!DATE.test(date) || !CLOCK.test(time)) return null;
  const today = municipalNow(now);
  if (date < today.date) return { kind: 'date' };
  if (date > today.date || minutesOf(time) >= today.minutes) return null;
  return { kind: 'time', suggestion: suggestedVisit(today.date, now) };
}

/** Which field a past visit is refused at, and what the field says. */
export interface VisitProblem {
  readonly field: 'date' | 'time';
  readonly said: Said;
}

/** What to say at the field when a visit's date or time is past: the sentence names what to choose instead. */
export function pastProblem(past: NonNullable<PastVisit>, date: string, time: string): VisitProblem {
  if (past.kind === 'date') return { field: 'date', said: said('plan.pastDate') };
  return {
    field: 'time',
    said:
      past.suggestion.date === date
        ? said('plan.pastTime', { time: { clock: time }, next: { clock: past.suggestion.time } })
        : said('plan.pastToday', { time: { clock: time } }),
  };
}
