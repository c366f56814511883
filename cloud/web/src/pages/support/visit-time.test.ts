import { describe, expect, it } from 'vitest';
import { municipalNow, pastProblem, pastVisit, suggestedVisit } from './visit-time.js';

/** An instant at a Copenhagen wall time in December (UTC+1). */
const cph = (date: string, time: string) => new Date(`${date}T${time}:00+01:00`);
const TODAY = '2026-12-07';

describe('the time the planning form suggests', () => {
  it('is 10.00 on a day still ahead, and today while 10.00 is at least five minutes ahead', () => {
    expect(suggestedVisit('2026-12-09', cph(TODAY, '15:00'))).toEqual({ date: '2026-12-09', time: '10:00' });
    expect(suggestedVisit(TODAY, cph(TODAY, '08:10'))).toEqual({ date: TODAY, time: '10:00' });
    expect(suggestedVisit(TODAY, cph(TODAY, '09:55'))).toEqual({ date: TODAY, time: '10:00' });
  });

  it('is the next quarter hour at least five minutes ahead once 10.00 has passed today', () => {
    expect(suggestedVisit(TODAY, cph(TODAY, '09:56'))).toEqual({ date: TODAY, time: '10:15' });
    expect(suggestedVisit(TODAY, cph(TODAY, '14:07'))).toEqual({ date: TODAY, time: '14:15' });
    expect(suggestedVisit(TODAY, cph(TODAY, '14:10'))).toEqual({ date: TODAY, time: '14:15' });
    expect(suggestedVisit(TODAY, cph(TODAY, '14:11'))).toEqual({ date: TODAY, time: '14:30' });
    expect(suggestedVisit(TODAY, cph(TODAY, '23:40'))).toEqual({ date: TODAY, time: '23:45' });
  });

  it('is tomorrow at 10.00 when today has no quarter hour left, and today for a day already past', () => {
    expect(suggestedVisit(TODAY, cph(TODAY, '23:56'))).toEqual({ date: '2026-12-08', time: '10:00' });
    expect(suggestedVisit('2026-12-01', cph(TODAY, '13:00'))).toEqual({ date: TODAY, time: '13:15' });
  });

  it('reads the municipal clock whatever the browser’s zone: 00.30 in Copenhagen is still 23.30 UTC', () => {
    expect(municipalNow(new Date('2026-12-06T23:30:00Z'))).toEqual({ date: TODAY, minutes: 30 });
    // Summer time: UTC+2.
    expect(municipalNow(new Date('2026-07-01T08:15:00Z'))).toEqual({ date: '2026-07-01', minutes: 615 });
  });
});

describe('a visit planned in the past', () => {
  it('is refused for a day already past, and for a time already past today, with a time to choose instead', () => {
    const now = cph(TODAY, '14:07');
    expect(pastVisit('2026-12-06', '15:00', now)).toEqual({ kind: 'date' });
    expect(pastVisit(TODAY, '10:00', now)).toEqual({
      kind: 'time',
      suggestion: { date: TODAY, time: '14:15' },
    });
    expect(pastVisit(TODAY, '23:59', cph(TODAY, '23:59'))).toBeNull();
    expect(pastVisit(TODAY, '23:00', cph(TODAY, '23:58'))).toEqual({
      kind: 'time',
      suggestion: { date: '2026-12-08', time: '10:00' },
    });
  });

  it('is not refused for the minute it is now, a later time or a later day', () => {
    const now = cph(TODAY, '14:07');
    expect(pastVisit(TODAY, '14:07', now)).toBeNull();
    expect(pastVisit(TODAY, '14:30', now)).toBeNull();
    expect(pastVisit('2026-12-08', '08:00', now)).toBeNull();
  });

  it('leaves a date or time not filled in to the cloud’s own check', () => {
    expect(pastVisit('', '10:00', cph(TODAY, '14:07'))).toBeNull();
    expect(pastVisit(TODAY, '', cph(TODAY, '14:07'))).toBeNull();
  });
});

describe('what the field says about a past visit', () => {
  it('names the time to choose instead, or the next day when today has no time left', () => {
    expect(pastProblem({ kind: 'date' }, '2026-12-06', '10:00')).toEqual({
      field: 'date',
      said: { key: 'plan.pastDate' },
    });
    expect(pastProblem({ kind: 'time', suggestion: { date: TODAY, time: '14:15' } }, TODAY, '10:00')).toEqual(
      {
        field: 'time',
        said: { key: 'plan.pastTime', values: { time: { clock: '10:00' }, next: { clock: '14:15' } } },
      },
    );
    expect(
      pastProblem({ kind: 'time', suggestion: { date: '2026-12-08', time: '10:00' } }, TODAY, '23:00'),
    ).toEqual({ field: 'time', said: { key: 'plan.pastToday', values: { time: { clock: '23:00' } } } });
  });
});
