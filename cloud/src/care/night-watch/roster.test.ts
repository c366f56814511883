import { describe, expect, it } from 'vitest';
import {
  durationMs,
  effectiveShifts,
  onWatchAt,
  type ShiftRow,
  sameMemberOverlaps,
  upcomingWatches,
} from './roster.js';
import { parseRosterCsv } from './roster-csv.js';
import { parseRosterIcal } from './roster-ical.js';

const ZONE = 'Europe/Copenhagen';
const HOUR = 3_600_000;

const shift = (
  id: string,
  staffId: string,
  start: string,
  end: string,
  extra: Partial<ShiftRow> = {},
): ShiftRow => ({
  id,
  poolUnitId: 'pool',
  staffId,
  startsAt: new Date(start),
  endsAt: new Date(end),
  overridesShiftId: null,
  cancelled: false,
  ...extra,
});

describe('roster CSV', () => {
  it('gives night shifts across the March and October DST changes their real durations', () => {
    const { candidates, errors } = parseRosterCsv(
      'username,date,start,end\nlars.poulsen,2026-03-28,22:00,07:00\nida.christensen,2026-10-24,22:00,07:00\nlars.poulsen,2026-03-02,22:00,07:00\n',
      ZONE,
    );
    expect(errors).toEqual([]);
    expect(candidates.map(durationMs)).toEqual([8 * HOUR, 10 * HOUR, 9 * HOUR]);
    expect(candidates[0]!.startsAt.toISOString()).toBe('2026-03-28T21:00:00.000Z'); // 22:00 CET
    expect(candidates[0]!.endsAt.toISOString()).toBe('2026-03-29T05:00:00.000Z'); // 07:00 CEST
    expect(candidates[1]!.startsAt.toISOString()).toBe('2026-10-24T20:00:00.000Z'); // 22:00 CEST
    expect(candidates[1]!.endsAt.toISOString()).toBe('2026-10-25T06:00:00.000Z'); // 07:00 CET
  });

  it('reports every bad row by line, including a time the spring-forward gap skips', () => {
    const { candidates, errors } = parseRosterCsv(
      'username,date,start,end\nlars,2026-03-29,02:30,07:00\n,2026-03-02,08:00,16:00\nida,2026-13-01,08:00,16:00\nbo,2026-03-02,8am,16:00\nok,2026-03-02,08:00,16:00\n',
      ZONE,
    );
    expect(candidates.map((c) => c.username)).toEqual(['ok']);
    expect(errors).toEqual([
      { row: 'line 2', message: expect.stringMatching(/02:30 does not exist/) },
      { row: 'line 3', message: 'username is empty' },
      { row: 'line 4', message: expect.stringMatching(/not YYYY-MM-DD/) },
      { row: 'line 5', message: expect.stringMatching(/HH:mm/) },
    ]);
  });

  it('refuses a file without the documented columns', () => {
    expect(parseRosterCsv('user,when\nx,y\n', ZONE).errors[0]).toMatchObject({
      row: 'file',
      message: expect.stringMatching(/username, date, start, end/),
    });
  });
});

describe('roster iCalendar', () => {
  const ics = (events: string) =>
    `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n${events}END:VCALENDAR\r\n`;

  it('reads TZID times with IANA rules, so a night across the October change lasts 10 hours', () => {
    const { candidates, errors } = parseRosterIcal(
      ics(
        'BEGIN:VEVENT\r\nUID:a1\r\nDTSTART;TZID=Europe/Copenhagen:20261024T220000\r\nDTEND;TZID=Europe/Copenhagen:20261025T070000\r\nATTENDEE;CN=Ida:mailto:ida.christensen@kk.dk\r\nSUMMARY:Nattevagt\r\nEND:VEVENT\r\n' +
          'BEGIN:VEVENT\r\nUID:a2\r\nDTSTART:20260328T210000Z\r\nDURATION:PT8H\r\nSUMMARY:Nattevagt: Lars.Poulsen\r\nEND:VEVENT\r\n' +
          'BEGIN:VEVENT\r\nUID:a3\r\nDTSTART:20260328T220000\r\nDTEND:20260329T070000\r\nSUMMARY:lars.poulsen\r\nEND:VEVENT\r\n',
      ),
      ZONE,
    );
    expect(errors).toEqual([]);
    expect(candidates.map((c) => [c.username, durationMs(c) / HOUR, c.externalUid])).toEqual([
      ['ida.christensen', 10, 'ical:a1'],
      ['lars.poulsen', 8, 'ical:a2'],
      ['lars.poulsen', 8, 'ical:a3'], // floating: read in the municipality's zone
    ]);
  });

  it('reports recurring, all-day and unmapped events, and collects cancellations', () => {
    const { candidates, errors, cancelledUids } = parseRosterIcal(
      ics(
        'BEGIN:VEVENT\r\nUID:r\r\nDTSTART:20260302T210000Z\r\nDTEND:20260303T060000Z\r\nRRULE:FREQ=WEEKLY\r\nSUMMARY:lars\r\nEND:VEVENT\r\n' +
          'BEGIN:VEVENT\r\nUID:d\r\nDTSTART;VALUE=DATE:20260302\r\nSUMMARY:lars\r\nEND:VEVENT\r\n' +
          'BEGIN:VEVENT\r\nUID:n\r\nDTSTART:20260302T210000Z\r\nDTEND:20260303T060000Z\r\nSUMMARY:Night shift\r\nEND:VEVENT\r\n' +
          'BEGIN:VEVENT\r\nUID:x\r\nSTATUS:CANCELLED\r\nDTSTART:20260302T210000Z\r\nSUMMARY:lars\r\nEND:VEVENT\r\n',
      ),
      ZONE,
    );
    expect(candidates).toEqual([]);
    expect(errors.map((e) => e.row)).toEqual(['event r', 'event d', 'event n']);
    expect(cancelledUids).toEqual(['ical:x']);
  });

  it('reports a file that is not iCalendar', () => {
    expect(parseRosterIcal('hello', ZONE).errors[0]?.row).toBe('file');
  });

  it('reports an empty file, a bare event and two calendars as not iCalendar instead of throwing', () => {
    const twoCalendars = 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n';
    for (const text of ['', 'BEGIN:VEVENT\r\nEND:VEVENT\r\n', twoCalendars])
      expect(parseRosterIcal(text, ZONE).errors).toEqual([
        { row: 'file', message: expect.stringMatching(/^not a valid iCalendar file/) },
      ]);
  });
});

describe('roster rules', () => {
  it('finds overlapping watches of the same member but allows two members to overlap', () => {
    const a = shift('a', 'lars', '2026-03-02T21:00:00Z', '2026-03-03T06:00:00Z');
    const b = shift('b', 'lars', '2026-03-03T05:00:00Z', '2026-03-03T09:00:00Z');
    const c = shift('c', 'ida', '2026-03-02T21:00:00Z', '2026-03-03T06:00:00Z');
    const d = shift('d', 'lars', '2026-03-03T09:00:00Z', '2026-03-03T10:00:00Z'); // touches b: no overlap
    expect(sameMemberOverlaps([a, b, c, d]).map(([x, y]) => [x.id, y.id])).toEqual([['a', 'b']]);
    expect(onWatchAt([a, c], new Date('2026-03-03T02:00:00Z')).map((s) => s.staffId)).toEqual([
      'ida',
      'lars',
    ]);
  });

  it('applies overrides: a replacement takes the place of the scheduled shift, a cancellation removes it', () => {
    const scheduled = shift('s1', 'lars', '2026-03-02T21:00:00Z', '2026-03-03T06:00:00Z');
    const other = shift('s2', 'lars', '2026-03-03T21:00:00Z', '2026-03-04T06:00:00Z');
    const swap = shift('o1', 'ida', '2026-03-02T21:00:00Z', '2026-03-03T06:00:00Z', {
      overridesShiftId: 's1',
    });
    const cancel = shift('o2', 'lars', '2026-03-03T21:00:00Z', '2026-03-04T06:00:00Z', {
      overridesShiftId: 's2',
      cancelled: true,
    });
    expect(effectiveShifts([scheduled, other, swap, cancel]).map((s) => s.id)).toEqual(['o1']);
    expect(
      upcomingWatches([scheduled, other, swap, cancel], 'lars', new Date('2026-03-01T00:00:00Z')),
    ).toEqual([]);
    expect(
      upcomingWatches([scheduled, other, swap, cancel], 'ida', new Date('2026-03-01T00:00:00Z')),
    ).toEqual([swap]);
  });
});
