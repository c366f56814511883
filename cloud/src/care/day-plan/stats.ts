import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import type { CallSlotOutcome, CallSlotType, SlotCompletedVia } from '../../db/index.js';
import { isConnectedCall, type MediaEvidence } from './connected.js';
import type { CareSettings } from './settings.js';

/**
 * The customer's evaluation data (issue 4 §4): per unit and ISO week (ISO 8601 week-numbering, weeks start on
 * Monday, counted in the municipality's zone): planned vs completed calls, call durations from call_records,
 * and an ESTIMATE of staff minutes saved (connected screen-call completions × the minutes-per-type table).
 */
export interface StatSlot {
  id: string;
  unitId: string;
  type: CallSlotType;
  plannedAt: Date;
  outcome: CallSlotOutcome | null;
  completedVia: SlotCompletedVia | null;
}

export interface StatRecord {
  slotId: string | null;
  answerAt: Date | null;
  connectedAt: Date | null;
  endAt: Date | null;
  /** What the parties' quality reports say (connected.ts); a no_media call is not connected. */
  evidence: MediaEvidence;
}

export interface WeeklyStat {
  unitId: string;
  unitName: string;
  /** e.g. 2026-W10 */
  isoWeek: string;
  planned: number;
  completed: number;
  /** Of `completed`: done as a connected screen call / by phone / on site (issue 13). */
  completedOnScreen: number;
  completedByPhone: number;
  completedOnSite: number;
  noAnswer: number;
  cancelled: number;
  /**
   * Slots with no outcome yet whose call connected: they talked, but nobody saved how it went, so the visit is
   * in none of the columns above and saves no minutes until it is recorded. Shown so the estimate's gap is seen.
   */
  connectedNotRecorded: number;
  /**
   * Calls placed for these slots that connected (both sides had media, connected.ts) and that did not. Of the
   * latter, `noMediaCalls` reached in_call but a party's report says nothing got through.
   */
  connectedCalls: number;
  notConnectedCalls: number;
  noMediaCalls: number;
  /** MEASURED: connected time of the connected calls (connected → end); no-media calls add nothing. */
  totalCallSeconds: number;
  averageCallSeconds: number;
  /** ESTIMATED: screen-call completions with a connected call × the minutes-per-type table. */
  estimatedMinutesSaved: number;
}

export function isoWeekOf(at: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  return `${local.weekYear}-W${String(local.weekNumber).padStart(2, '0')}`;
}

const emptyStat = (unitId: string, unitName: string, isoWeek: string): WeeklyStat => ({
  unitId,
  unitName,
  isoWeek,
  planned: 0,
  completed: 0,
  completedOnScreen: 0,
  completedByPhone: 0,
  completedOnSite: 0,
  noAnswer: 0,
  cancelled: 0,
  connectedNotRecorded: 0,
  connectedCalls: 0,
  notConnectedCalls: 0,
  noMediaCalls: 0,
  totalCallSeconds: 0,
  averageCallSeconds: 0,
  estimatedMinutesSaved: 0,
});

/**
 * Issue 13: minutes saved count a slot only when it was completed as a screen call AND a call placed for it
 * connected, both sides having had media (connected.ts). Checked here as well as when the outcome is recorded, so neither a default nor an old row can
 * inflate the number the customer buys the system for.
 */
export function weeklyStats(input: {
  slots: readonly StatSlot[];
  records: readonly StatRecord[];
  unitNames: ReadonlyMap<string, string>;
  settings: CareSettings;
  timeZone: string;
}): WeeklyStat[] {
  const groups = new Map<string, WeeklyStat>();
  const slotGroup = new Map<string, WeeklyStat>();
  const connected = new Set<string>();
  const isConnected = (r: StatRecord) => r.endAt !== null && isConnectedCall(r.connectedAt, r.evidence);
  for (const r of input.records) if (r.slotId && isConnected(r)) connected.add(r.slotId);
  for (const slot of input.slots) {
    const isoWeek = isoWeekOf(slot.plannedAt, input.timeZone);
    const key = `${slot.unitId}|${isoWeek}`;
    let g = groups.get(key);
    if (!g) {
      g = emptyStat(slot.unitId, input.unitNames.get(slot.unitId) ?? slot.unitId, isoWeek);
      groups.set(key, g);
    }
    slotGroup.set(slot.id, g);
    g.planned++;
    if (slot.outcome === 'completed') {
      g.completed++;
      if (slot.completedVia === 'phone') g.completedByPhone++;
      else if (slot.completedVia === 'on_site') g.completedOnSite++;
      else if (slot.completedVia === 'screen_call' && connected.has(slot.id)) {
        g.completedOnScreen++;
        g.estimatedMinutesSaved += input.settings.minutesSavedPerCall[slot.type];
      }
    } else if (slot.outcome === 'no_answer') g.noAnswer++;
    else if (slot.outcome === 'cancelled') g.cancelled++;
    else if (slot.outcome === null && connected.has(slot.id)) g.connectedNotRecorded++;
  }
  for (const r of input.records) {
    const g = r.slotId ? slotGroup.get(r.slotId) : undefined;
    if (!g) continue;
    if (!isConnected(r)) {
      g.notConnectedCalls++;
      if (r.connectedAt && r.evidence === 'no_media') g.noMediaCalls++;
      continue;
    }
    g.connectedCalls++;
    g.totalCallSeconds += Math.round((r.endAt!.getTime() - r.connectedAt!.getTime()) / 1000);
  }
  for (const g of groups.values())
    g.averageCallSeconds = g.connectedCalls ? Math.round(g.totalCallSeconds / g.connectedCalls) : 0;
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
  'completed_on_screen',
  'completed_by_phone',
  'completed_on_site',
  'no_answer',
  'cancelled',
  'connected_calls',
  'not_connected_calls',
  'no_media_calls',
  'total_call_minutes',
  'average_call_minutes',
  'estimated_minutes_saved',
  // Added 2026-12-08 at the end, so spreadsheets reading columns by position keep working.
  'connected_not_recorded',
] as const;

export function weeklyStatsCsv(stats: readonly WeeklyStat[]): string {
  const minutes = (s: number) => (s / 60).toFixed(1);
  return stringify(
    stats.map((s) => [
      s.unitName,
      s.isoWeek,
      s.planned,
      s.completed,
      s.completedOnScreen,
      s.completedByPhone,
      s.completedOnSite,
      s.noAnswer,
      s.cancelled,
      s.connectedCalls,
      s.notConnectedCalls,
      s.noMediaCalls,
      minutes(s.totalCallSeconds),
      minutes(s.averageCallSeconds),
      s.estimatedMinutesSaved,
      s.connectedNotRecorded,
    ]),
    { header: true, columns: [...STATS_CSV_COLUMNS] },
  );
}
