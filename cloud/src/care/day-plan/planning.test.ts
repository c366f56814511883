import { describe, expect, it } from 'vitest';
import { seriesDates } from './planning.js';

describe('recurring visits: which local dates a series produces', () => {
  it('repeats weekly on the start date’s weekday, the last date included', () => {
    expect(seriesDates('2026-03-02', '2026-03-23', 'weekly')).toEqual([
      '2026-03-02',
      '2026-03-09',
      '2026-03-16',
      '2026-03-23',
    ]);
  });
  it('repeats every second week for the home guides’ fortnightly calls', () => {
    expect(seriesDates('2026-03-04', '2026-04-01', 'fortnightly')).toEqual([
      '2026-03-04',
      '2026-03-18',
      '2026-04-01',
    ]);
  });
  it('takes Monday to Friday and skips the weekend', () => {
    expect(seriesDates('2026-03-05', '2026-03-10', 'weekdays')).toEqual([
      '2026-03-05',
      '2026-03-06',
      '2026-03-09',
      '2026-03-10',
    ]);
  });
  it('keeps the weekday across the spring DST change (dates, not 24-hour steps)', () => {
    expect(seriesDates('2026-03-23', '2026-04-06', 'weekly')).toEqual([
      '2026-03-23',
      '2026-03-30',
      '2026-04-06',
    ]);
  });
});
