import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import type { CallSlotOutcome, CallSlotType } from '../../db/index.js';
import type { CareSettings } from './settings.js';

/**
 * The customer's evaluation data (issue 4 §4): per unit and ISO week (ISO 8601 week-numbering, weeks start on
 * Monday, counted in the municipality's zone): planned vs completed calls, call durations from call_records,
 * and an ESTIMATE of staff minutes saved (completed calls × the configurable minutes-per-type table).
 */
export interface StatSlot {
  id: string;
  unitId: string;
  type: CallSlotType;
  plannedAt: Date;
  outcome: CallSlotOutcome | null;
}
export interface StatRecord {
  slotId: string | null;
  answerAt: Date | null;
  endAt: Date | null;
}
export interface WeeklyStat {
  unitId: string;
  unitName: string;
  /** e.g. 2026-W10 */
  isoWeek: string;
  planned: number;
  completed: number;
  noAnswer: number;
  cancelled: number;
  /** Talk time of the answered calls linked to these slots (answer → end). */
  answeredCalls: number;
  totalCallSeconds: number;
  averageCallSeconds: number;
  estimatedMinutesSaved: number;
}

export function isoWeekOf(at: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  return `${local.weekYear}-W${String(local.weekNumber).padStart(2, '0')}`;
}

export function weeklyStats(input: {
  slots: readonly StatSlot[];
  records: readonly StatRecord[];
  unitNames: ReadonlyMap<string, string>;
  settings: CareSettings;
  timeZone: string;
}): WeeklyStat[] {
  const groups = new Map<string, WeeklyStat>();
  const slotGroup = new Map<string, WeeklyStat>();
  for (const slot of input.slots) {
    const isoWeek = isoWeekOf(slot.plannedAt, input.timeZone);
    const key = `${slot.unitId}|${isoWeek}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        unitId: slot.unitId,
        unitName: input.unitNames.get(slot.unitId) ?? slot.unitId,
        isoWeek,
        planned: 0,
        completed: 0,
        noAnswer: 0,
        cancelled: 0,
        answeredCalls: 0,
        totalCallSeconds: 0,
        averageCallSeconds: 0,
        estimatedMinutesSaved: 0,
      };
      groups.set(key, g);
    }
    slotGroup.set(slot.id, g);
    g.planned++;
    if (slot.outcome === 'completed') {
      g.completed++;
      g.estimatedMinutesSaved += input.settings.minutesSavedPerCall[slot.type];
    } else if (slot.outcome === 'no_answer') g.noAnswer++;
    else if (slot.outcome === 'cancelled') g.cancelled++;
  }
  for (const r of input.records) {
    const g = r.slotId ? slotGroup.get(r.slotId) : undefined;
    if (!g || !r.answerAt || !r.endAt) continue;
    g.answeredCalls++;
    g.totalCallSeconds += Math.round((r.endAt.getTime() - r.answerAt.getTime()) / 1000);
  }
  for (const g of groups.values())
    g.averageCallSeconds = g.answeredCalls ? Math.round(g.totalCallSeconds / g.answeredCalls) : 0;
  return [...groups.values()].sort(
    (a, b) => a.isoWeek.localeCompare(b.isoWeek) || a.unitName.localeCompare(b.unitName),
  );
}

/** Column names are part of the export contract (the customer's spreadsheets read them). */
export const STATS_CSV_COLUMNS = [
  'unit',
  'iso_week',
  'planned',
  'completed',
  'no_answer',
  'cancelled',
  'answered_calls',
  'total_call_minutes',
  'average_call_minutes',
  'estimated_minutes_saved',
] as const;

export function weeklyStatsCsv(stats: readonly WeeklyStat[]): string {
  const minutes = (s: number) => (s / 60).toFixed(1);
  return stringify(
    stats.map((s) => [
      s.unitName,
      s.isoWeek,
      s.planned,
      s.completed,
      s.noAnswer,
      s.cancelled,
      s.answeredCalls,
      minutes(s.totalCallSeconds),
      minutes(s.averageCallSeconds),
      s.estimatedMinutesSaved,
    ]),
    { header: true, columns: [...STATS_CSV_COLUMNS] },
  );
}
