import { afterEach, describe, expect, it } from 'vitest';
import { municipalDate, plusCalendarDays } from './municipal-date.js';

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
