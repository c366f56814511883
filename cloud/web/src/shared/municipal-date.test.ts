import { describe, expect, it } from 'vitest';
import { municipalDate } from './municipal-date.js';

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
