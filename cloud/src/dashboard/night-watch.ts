import { isoWeekOf } from '../care/index.js';

export interface NightCall {
  poolUnitId: string;
  status: 'ringing' | 'queued' | 'accepted' | 'escalated' | 'missed';
  placedAt: Date;
  acceptedAt: Date | null;
}

export interface NightWatchWeek {
  poolUnitId: string;
  poolName: string;
  isoWeek: string;
  placed: number;
  answered: number;
  /** Mean seconds from the resident's press to a member accepting; null when none was answered. */
  averageSecondsToAnswer: number | null;
  /** The slowest answer: a safety service is judged by its worst night, not its average. */
  maxSecondsToAnswer: number | null;
  missed: number;
  escalated: number;
}

/** Night-watch figures per pool and ISO week (issue 13 §2: answered, time to answer, missed, escalated). */
export function nightWatchWeeks(
  calls: readonly NightCall[],
  poolNames: ReadonlyMap<string, string>,
  timeZone: string,
): NightWatchWeek[] {
  const groups = new Map<string, NightWatchWeek & { waits: number[] }>();
  for (const c of calls) {
    const isoWeek = isoWeekOf(c.placedAt, timeZone);
    const key = `${c.poolUnitId}|${isoWeek}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        poolUnitId: c.poolUnitId,
        poolName: poolNames.get(c.poolUnitId) ?? c.poolUnitId,
        isoWeek,
        placed: 0,
        answered: 0,
        averageSecondsToAnswer: null,
        maxSecondsToAnswer: null,
        missed: 0,
        escalated: 0,
        waits: [],
      };
      groups.set(key, g);
    }
    g.placed++;
    if (c.status === 'accepted' && c.acceptedAt) {
      g.answered++;
      g.waits.push(Math.max(0, Math.round((c.acceptedAt.getTime() - c.placedAt.getTime()) / 1000)));
    } else if (c.status === 'missed') g.missed++;
    else if (c.status === 'escalated') g.escalated++;
  }
  return [...groups.values()]
    .map(({ waits, ...g }) => ({
      ...g,
      averageSecondsToAnswer: waits.length
        ? Math.round(waits.reduce((a, b) => a + b, 0) / waits.length)
        : null,
      maxSecondsToAnswer: waits.length ? Math.max(...waits) : null,
    }))
    .sort((a, b) => a.isoWeek.localeCompare(b.isoWeek) || a.poolName.localeCompare(b.poolName));
}
