import { describe, expect, it } from 'vitest';
import { periodOf } from './period.js';

const ZONE = 'Europe/Copenhagen';

describe('the dashboard period', () => {
  it('ends on the municipality’s today, even in the hour after midnight when UTC still has yesterday', () => {
    // Saturday 5 December 00:30 in Copenhagen is Friday 23:30 UTC.
    expect(periodOf({}, ZONE, Date.parse('2026-12-04T23:30:00Z'))).toEqual({
      from: '2026-09-26',
      to: '2026-12-05',
    });
    // Summer time: 01:30 on 1 July in Copenhagen is still 30 June in UTC.
    expect(periodOf({}, ZONE, Date.parse('2026-06-30T23:30:00Z')).to).toBe('2026-07-01');
  });

  it('keeps the dates that were asked for', () => {
    expect(periodOf({ from: '2026-01-01', to: '2026-02-01' }, ZONE, 0)).toEqual({
      from: '2026-01-01',
      to: '2026-02-01',
    });
    expect(periodOf({ to: '2026-03-11' }, ZONE, 0)).toEqual({ from: '2025-12-31', to: '2026-03-11' });
  });
});
