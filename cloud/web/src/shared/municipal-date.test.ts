import { afterEach, describe, expect, it } from 'vitest';
import {
  formatClockTime,
  formatMunicipal,
  municipalDate,
  municipalInstant,
  plusCalendarDays,
  showsTimeOfDay,
  zoneDiffers,
} from './municipal-date.js';

describe('the municipal date', () => {
  it('is Copenhagen’s date in the hour after midnight, whatever the browser’s zone', () => {
    // Saturday 5 December 00:30 in Copenhagen is Friday 23:30 UTC.
    expect(municipalDate(new Date('2026-12-04T23:30:00Z'))).toBe('2026-12-05');
    // Summer time: 01:30 on 1 July is 23:30 UTC on 30 June.
    expect(municipalDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    // New year's night.
    expect(municipalDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(municipalDate(new Date('2026-12-31T22:59:00Z'))).toBe('2026-12-31');
  });
});

describe('the instant a municipal date and time name', () => {
  it('is that wall time in Copenhagen, in winter and in summer', () => {
    expect(municipalInstant('2026-12-08', '08:00').toISOString()).toBe('2026-12-08T07:00:00.000Z');
    expect(municipalInstant('2026-07-01', '08:00').toISOString()).toBe('2026-07-01T06:00:00.000Z');
    // Just after midnight in Copenhagen is the evening before in UTC.
    expect(municipalInstant('2027-01-01', '00:30').toISOString()).toBe('2026-12-31T23:30:00.000Z');
  });

  it('takes the offset of the date itself across a summer-time change', () => {
    // Sunday 29 March 2026: 02:00 becomes 03:00. 01:30 is still winter time; 03:30 already summer time.
    expect(municipalInstant('2026-03-29', '01:30').toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(municipalInstant('2026-03-29', '03:30').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 does not exist that night: it comes out as 03:30, as the clocks show it.
    expect(municipalInstant('2026-03-29', '02:30').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });
});

describe('a date some days on', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    // Node reads TZ again when it is assigned; restore this process's zone for the other tests.
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it.each(['Pacific/Kiritimati', 'Pacific/Auckland', 'UTC', 'Europe/Copenhagen', 'Pacific/Honolulu'])(
    'counts calendar days whatever the browser’s zone (%s)',
    (browserZone) => {
      process.env.TZ = browserZone;
      // The planning form's default last date: 8 weeks after the first.
      expect(plusCalendarDays('2026-12-06', 8 * 7)).toBe('2027-01-31');
      // Across both of Copenhagen's DST changes, a month end and a leap-less February.
      expect(plusCalendarDays('2027-03-27', 1)).toBe('2027-03-28');
      expect(plusCalendarDays('2027-10-30', 2)).toBe('2027-11-01');
      expect(plusCalendarDays('2027-02-28', 1)).toBe('2027-03-01');
      expect(plusCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    },
  );
});

describe('a date or time on a screen', () => {
  const note = { da: '(dansk tid)', en: '(Danish time)' } as const;
  const dayAndTime = { weekday: 'long', hour: '2-digit', minute: '2-digit' } as const;

  it('is Copenhagen’s day and time, not the browser’s, with the zone said when the browser is elsewhere', () => {
    // Saturday 23:30 UTC is already Sunday 00:30 in Copenhagen (winter, UTC+1).
    const at = new Date('2026-12-05T23:30:00Z');
    expect(formatMunicipal(at, 'da', dayAndTime, note.da, 'UTC')).toBe('søndag 00.30 (dansk tid)');
    expect(formatMunicipal(at, 'en', dayAndTime, note.en, 'UTC')).toBe('Sunday 00:30 (Danish time)');
    expect(formatMunicipal(at, 'da', { dateStyle: 'short', timeStyle: 'short' }, note.da, 'UTC')).toBe(
      '06.12.2026, 00.30 (dansk tid)',
    );
    // An ISO string from the API is read the same way.
    expect(formatMunicipal('2026-12-05T23:30:00Z', 'da', dayAndTime, note.da, 'UTC')).toBe(
      'søndag 00.30 (dansk tid)',
    );
  });

  it('says no zone when the browser is in Copenhagen', () => {
    const at = new Date('2026-12-05T23:30:00Z');
    expect(formatMunicipal(at, 'da', dayAndTime, note.da, 'Europe/Copenhagen')).toBe('søndag 00.30');
    expect(formatMunicipal(at, 'en', dayAndTime, note.en, 'Europe/Copenhagen')).toBe('Sunday 00:30');
  });

  it('says no zone beside a date alone, which is still Copenhagen’s date', () => {
    const at = new Date('2026-12-05T23:30:00Z');
    expect(formatMunicipal(at, 'da', { dateStyle: 'long' }, note.da, 'UTC')).toBe('6. december 2026');
    expect(formatMunicipal(at, 'en', { dateStyle: 'long' }, note.en, 'Pacific/Honolulu')).toBe(
      '6 December 2026',
    );
    expect(
      formatMunicipal(at, 'da', { weekday: 'long', day: 'numeric', month: 'long' }, note.da, 'UTC'),
    ).toBe('søndag 6. december');
  });

  it('leaves the note off when the caller gives none (one note after a span)', () => {
    const at = new Date('2026-12-05T21:00:00Z');
    expect(formatMunicipal(at, 'da', { hour: '2-digit', minute: '2-digit' }, '', 'UTC')).toBe('22.00');
  });

  it('follows Copenhagen across both DST changes of 2027', () => {
    const hm = { hour: '2-digit', minute: '2-digit' } as const;
    // 28 March 2027: clocks go from 02:00 to 03:00; 00:59 UTC is 01:59 CET, 01:00 UTC is 03:00 CEST.
    expect(formatMunicipal(new Date('2027-03-28T00:59:00Z'), 'da', hm, note.da, 'UTC')).toBe(
      '01.59 (dansk tid)',
    );
    expect(formatMunicipal(new Date('2027-03-28T01:00:00Z'), 'da', hm, note.da, 'UTC')).toBe(
      '03.00 (dansk tid)',
    );
    // 31 October 2027: clocks go from 03:00 back to 02:00; 02:30 is passed twice.
    expect(formatMunicipal(new Date('2027-10-31T00:30:00Z'), 'da', hm, note.da, 'UTC')).toBe(
      '02.30 (dansk tid)',
    );
    expect(formatMunicipal(new Date('2027-10-31T01:30:00Z'), 'da', hm, note.da, 'UTC')).toBe(
      '02.30 (dansk tid)',
    );
    expect(formatMunicipal(new Date('2027-10-31T02:00:00Z'), 'en', hm, note.en, 'UTC')).toBe(
      '03:00 (Danish time)',
    );
    // Summer time's date: 23:30 UTC on 30 June is 01:30 on 1 July in Copenhagen.
    expect(
      formatMunicipal(new Date('2027-06-30T23:30:00Z'), 'da', { dateStyle: 'long' }, note.da, 'UTC'),
    ).toBe('1. juli 2027');
  });

  it('reads this process’s zone when the caller names none', () => {
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      expect(formatMunicipal(new Date('2026-12-05T23:30:00Z'), 'da', dayAndTime, note.da)).toBe(
        'søndag 00.30 (dansk tid)',
      );
      process.env.TZ = 'Europe/Copenhagen';
      expect(formatMunicipal(new Date('2026-12-05T23:30:00Z'), 'da', dayAndTime, note.da)).toBe(
        'søndag 00.30',
      );
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('counts only hours, minutes, seconds and time styles as a time of day', () => {
    expect(showsTimeOfDay({ timeStyle: 'short' })).toBe(true);
    expect(showsTimeOfDay({ hour: '2-digit' })).toBe(true);
    expect(showsTimeOfDay({ dateStyle: 'long' })).toBe(false);
    expect(showsTimeOfDay({ weekday: 'short', day: 'numeric' })).toBe(false);
  });
});

describe('whether a browser needs the zone said', () => {
  it('does in any zone but Copenhagen', () => {
    // The day plan's "08:00" comes from the cloud in Copenhagen time: a UTC or New York browser says so (zone-hint.tsx).
    expect(zoneDiffers('Europe/Copenhagen')).toBe(false);
    expect(zoneDiffers('UTC')).toBe(true);
    expect(zoneDiffers('America/New_York')).toBe(true);
    // Same offset as Copenhagen all year, but another zone's name: still said (the rule is the zone, not the hour).
    expect(zoneDiffers('Europe/Berlin')).toBe(true);
  });
});

describe('a municipal clock time from the day plan', () => {
  it('is written with a point in Danish, as every other Danish time in the product', () => {
    expect(formatClockTime('13:00', 'da')).toBe('13.00');
    expect(formatClockTime('08:05', 'da')).toBe('08.05');
    expect(formatClockTime('00:30', 'da')).toBe('00.30');
  });

  it('keeps the colon in English', () => {
    expect(formatClockTime('13:00', 'en')).toBe('13:00');
    expect(formatClockTime('23:59', 'en')).toBe('23:59');
  });

  it.each(['Pacific/Kiritimati', 'UTC', 'Pacific/Honolulu'])(
    'is the same time on a browser in %s',
    (zone) => {
      const saved = process.env.TZ;
      process.env.TZ = zone;
      try {
        expect(formatClockTime('02:30', 'da')).toBe('02.30');
      } finally {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      }
    },
  );

  it('returns what is not a clock time unchanged rather than a wrong time', () => {
    expect(formatClockTime('25:00', 'da')).toBe('25:00');
    expect(formatClockTime('', 'da')).toBe('');
  });
});
