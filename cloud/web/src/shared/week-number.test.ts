import { describe, expect, it } from 'vitest';
import { formatCalendarDate, formatWeek, weekLabeller, weekNumber } from './week-number.js';

describe('weekNumber', () => {
  it('gives the number people say for an ISO week: uge 48, uge 1', () => {
    expect(weekNumber('2026-W48')).toBe('48');
    expect(weekNumber('2027-W01')).toBe('1');
  });

  it('leaves anything else as it came', () => {
    expect(weekNumber('48')).toBe('48');
  });
});

describe('a week in the page’s language (support’s Statistik read "2026-W46", the English chart "uge 46")', () => {
  it('says "uge 46" in Danish and "week 46" in English', () => {
    expect(formatWeek('2026-W46', 'da')).toBe('uge 46');
    expect(formatWeek('2026-W46', 'en')).toBe('week 46');
    expect(formatWeek('2027-W01', 'da', true)).toBe('uge 1 2027');
  });

  it('adds the year only when a list holds weeks of two years', () => {
    const oneYear = weekLabeller(['2026-W45', '2026-W46'], 'da');
    expect(oneYear('2026-W46')).toBe('uge 46');
    const twoYears = weekLabeller(['2026-W52', '2026-W53', '2027-W01'], 'da');
    expect(twoYears('2026-W52')).toBe('uge 52 2026');
    expect(twoYears('2027-W01')).toBe('uge 1 2027');
    expect(weekLabeller(['2026-W52', '2027-W01'], 'en')('2027-W01')).toBe('week 1 2027');
  });

  it('leaves anything that is not an ISO week as it came', () => {
    expect(formatWeek('46', 'da')).toBe('46');
  });
});

describe('a calendar date as the rest of the UI writes one', () => {
  it('reads "16. nov. 2026" in Danish and "16 Nov 2026" in English, not 2026-11-16', () => {
    expect(formatCalendarDate('2026-11-16', 'da')).toBe('16. nov. 2026');
    expect(formatCalendarDate('2026-11-16', 'en')).toBe('16 Nov 2026');
    expect(formatCalendarDate('2027-01-01', 'da')).toBe('1. jan. 2027');
  });
});
