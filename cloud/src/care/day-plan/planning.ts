import { and, asc, eq, gte, inArray, lt, or, type SQL } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { type CallSlotType, dayPlanSlotsTable } from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import type { Principal } from '../../kernel/principal.js';
import { careAction } from '../care-action.js';
import { createSlot, localDayBounds, localToInstant, todaysList } from '../index.js';
import type { CareDeps } from '../route-helpers.js';
import { nowOf } from '../route-helpers.js';
import { memberUnitIds, municipalityZone } from '../scope.js';
import { isPast, view } from './actions.js';
import { checkResponsible } from './responsible.js';

/**
 * The planning screen's reads and the recurring visits (issue 12 §6). A series is stored as the single slots
 * it produces, so moving or cancelling one visit is the ordinary slot edit and statistics count each visit once.
 */
export const REPEATS = ['weekly', 'fortnightly', 'weekdays'] as const;
export type Repeat = (typeof REPEATS)[number];
/** Home guides plan a quarter ahead at most; more rows than this in one request is a typo, not a plan. */
export const MAX_OCCURRENCES = 70;
export const MAX_SERIES_DAYS = 26 * 7;

/** The local dates of a series from `start` up to and including `until`. */
export function seriesDates(start: string, until: string, repeat: Repeat): string[] {
  const first = DateTime.fromISO(start);
  const last = DateTime.fromISO(until);
  const out: string[] = [];
  for (let d = first; d <= last && out.length <= MAX_OCCURRENCES; d = d.plus({ days: 1 })) {
    const weeks = Math.floor(d.diff(first, 'days').days / 7);
    const sameWeekday = d.weekday === first.weekday;
    const take =
      repeat === 'weekdays'
        ? d.weekday <= 5
        : repeat === 'weekly'
          ? sameWeekday
          : sameWeekday && weeks % 2 === 0;
    if (take) out.push(d.toISODate()!);
  }
  return out;
}

/**
 * Used by: GET /api/day-plan/slots. Support sees every slot of the municipality that day; a unit manager the
 * slots of their units plus their own; staff what their day plan shows (their own and their units' open ones).
 */
export async function listDay(
  deps: CareDeps,
  principal: Principal,
  query: { date: string; unitId?: string | undefined },
) {
  const db = deps.db.db;
  const timeZone = await municipalityZone(db, principal.municipalityId);
  const { start, end } = localDayBounds(query.date, timeZone);
  let slots: (typeof dayPlanSlotsTable.$inferSelect)[];
  if (principal.role === 'staff') {
    slots = await todaysList(db, { staffId: principal.id, at: start, timeZone });
  } else {
    const where: (SQL | undefined)[] = [
      eq(dayPlanSlotsTable.municipalityId, principal.municipalityId),
      gte(dayPlanSlotsTable.plannedAt, start),
      lt(dayPlanSlotsTable.plannedAt, end),
    ];
    if (principal.role !== 'support') {
      const units = await memberUnitIds(db, principal.id);
      where.push(
        or(
          eq(dayPlanSlotsTable.staffId, principal.id),
          units.length ? inArray(dayPlanSlotsTable.unitId, units) : undefined,
        ),
      );
    }
    slots = await db
      .select()
      .from(dayPlanSlotsTable)
      .where(and(...where))
      .orderBy(asc(dayPlanSlotsTable.plannedAt));
  }
  if (query.unitId) slots = slots.filter((s) => s.unitId === query.unitId);
  return view(deps, slots, timeZone);
}

export interface SeriesBody {
  citizenId: string;
  unitId: string;
  staffId?: string | null | undefined;
  type: CallSlotType;
  time: string;
  startDate: string;
  until: string;
  repeat: Repeat;
}

/**
 * Used by: POST /api/day-plan/series. All visits or none: every date is checked before anything is written, and
 * the first visit must not be past.
 */
export async function planSeries(deps: CareDeps, principal: Principal, input: SeriesBody) {
  if (input.until < input.startDate) throw AppError.invalidInput('The last date comes before the first.');
  const span = DateTime.fromISO(input.until).diff(DateTime.fromISO(input.startDate), 'days').days;
  const weeks = MAX_SERIES_DAYS / 7;
  if (span > MAX_SERIES_DAYS) throw AppError.invalidInput(`A series can run for at most ${weeks} weeks.`);
  const staffId = await checkResponsible(
    deps,
    principal,
    input.citizenId,
    input.unitId,
    input.staffId ?? null,
  );
  const timeZone = await municipalityZone(deps.db.db, principal.municipalityId);
  const dates = seriesDates(input.startDate, input.until, input.repeat);
  if (dates.length === 0) throw AppError.invalidInput('The series has no visits between those dates.');
  if (dates.length > MAX_OCCURRENCES)
    throw AppError.invalidInput(`A series can hold at most ${MAX_OCCURRENCES} visits.`);
  const missing = dates.find((d) => !localToInstant(d, input.time, timeZone).ok);
  if (missing)
    throw AppError.invalidInput(
      `${missing} ${input.time} does not exist (the clocks go forward that night).`,
    );
  // The dates come earliest first: if the first visit is ahead, so are the rest.
  const first = localToInstant(dates[0]!, input.time, timeZone);
  if (first.ok && isPast(first.at, nowOf(deps)))
    throw AppError.invalidInput(
      'The first visit of the series has already passed. Choose a later first date or time.',
    );
  const ids = await deps.db.db.transaction(async (tx) => {
    const out: string[] = [];
    for (const date of dates) {
      const slot = await careAction(() =>
        createSlot(
          tx,
          {
            municipalityId: principal.municipalityId,
            citizenId: input.citizenId,
            unitId: input.unitId,
            staffId,
            type: input.type,
            date,
            time: input.time,
          },
          timeZone,
          nowOf(deps),
        ),
      );
      out.push(slot.id);
    }
    return out;
  });
  const rows = await deps.db.db
    .select()
    .from(dayPlanSlotsTable)
    .where(inArray(dayPlanSlotsTable.id, ids))
    .orderBy(asc(dayPlanSlotsTable.plannedAt));
  return view(deps, rows, timeZone);
}
