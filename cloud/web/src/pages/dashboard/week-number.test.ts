import { describe, expect, it } from 'vitest';
import { weekNumber } from './week-number.js';

describe('weekNumber', () => {
  it('gives the number people say for an ISO week: uge 48, uge 1', () => {
    expect(weekNumber('2026-W48')).toBe('48');
    expect(weekNumber('2027-W01')).toBe('1');
  });

  it('leaves anything else as it came', () => {
    expect(weekNumber('48')).toBe('48');
  });
});
