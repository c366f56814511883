import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { localToInstant } from '../time/windows.js';
import type { ShiftCandidate, ShiftParseError } from './roster.js';

/**
 * Roster CSV (UTF-8, comma-separated, header row required; a BOM is fine):
 *
 *   username,date,start,end
 *   lars.poulsen,2026-03-28,22:00,07:00
 *
 * - username: the staff member's login name; they must be a member of the pool being imported into.
 * - date: YYYY-MM-DD, the local date the shift STARTS on, in the municipality's time zone.
 * - start, end: HH:mm local wall time. An end at or before the start means the next day (a night shift).
 *   A start or end that does not exist (02:00–02:59 on the last Sunday of March in Copenhagen) is an error;
 *   a time that occurs twice (02:00–02:59 on the last Sunday of October) is read as the first occurrence.
 * Each row becomes one shift with the external key csv:<username>:<start instant>, so importing the same
 * file again updates rather than duplicates.
 */
export const ROSTER_CSV_COLUMNS = ['username', 'date', 'start', 'end'] as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

export function parseRosterCsv(
  text: string,
  timeZone: string,
): { candidates: ShiftCandidate[]; errors: ShiftParseError[] } {
  const candidates: ShiftCandidate[] = [];
  const errors: ShiftParseError[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, info: true });
  } catch (cause) {
    return {
      candidates,
      errors: [{ row: 'file', message: `not a valid CSV file: ${(cause as Error).message}` }],
    };
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  const missing = ROSTER_CSV_COLUMNS.filter((c) => records.length > 0 && !header.includes(c));
  if (missing.length)
    return { candidates, errors: [{ row: 'file', message: `missing column(s): ${missing.join(', ')}` }] };
  for (const { record, info } of records) {
    const row = `line ${info.lines}`;
    const { username = '', date = '', start = '', end = '' } = record;
    if (!username) errors.push({ row, message: 'username is empty' });
    else if (!DATE.test(date) || !DateTime.fromISO(date).isValid)
      errors.push({ row, message: `date "${date}" is not YYYY-MM-DD` });
    else if (!TIME.test(start) || !TIME.test(end))
      errors.push({ row, message: 'start and end must be HH:mm' });
    else if (start === end) errors.push({ row, message: 'start and end are the same time' });
    else {
      const endDate = end <= start ? DateTime.fromISO(date).plus({ days: 1 }).toISODate()! : date;
      const from = localToInstant(date, start, timeZone);
      const to = localToInstant(endDate, end, timeZone);
      if (!from.ok || !to.ok) {
        errors.push({
          row,
          message: `${!from.ok ? start : end} does not exist on that date (the clocks go forward)`,
        });
        continue;
      }
      candidates.push({
        row,
        username: username.toLowerCase(),
        startsAt: from.at,
        endsAt: to.at,
        externalUid: `csv:${username.toLowerCase()}:${from.at.toISOString()}`,
      });
    }
  }
  return { candidates, errors };
}
