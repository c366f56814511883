import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n.js';
import { callStrings } from './call-strings.js';
import { nextCallDay, nextCallText } from './next-call.js';

const da = createI18n(callStrings, 'da').t;
const en = createI18n(callStrings, 'en').t;
// Winter time: Copenhagen is UTC+1. Wednesday 2 December 2026.
const utc = (iso: string) => new Date(`${iso}Z`);

describe('when she can call again after "uden for det aftalte tidsrum"', () => {
  it('says today, in Copenhagen time, before the window opens in the morning', () => {
    const now = utc('2026-12-02T05:30:00'); // 06.30 in Copenhagen
    expect(nextCallText('2026-12-02T07:00:00Z', now, da, 'da')).toBe('Du kan ringe igen i dag kl. 8.00.');
    expect(nextCallText('2026-12-02T07:00:00Z', now, en, 'en')).toMatch(
      /^You can call again today at 0?8:00\.$/,
    );
  });

  it('says tomorrow after midnight by Copenhagen’s calendar, though it is still yesterday in UTC', () => {
    // 00.20 on Thursday in Copenhagen is 23.20 on Wednesday in UTC; the window opens Thursday 08.00: today.
    expect(nextCallDay('2026-12-03T07:00:00Z', utc('2026-12-02T23:20:00'))).toBe('today');
    // 23.30 on Wednesday in Copenhagen: Thursday 08.00 is tomorrow.
    expect(nextCallText('2026-12-03T07:00:00Z', utc('2026-12-02T22:30:00'), da, 'da')).toBe(
      'Du kan ringe igen i morgen kl. 8.00.',
    );
  });

  it('names the weekday within the week and the date beyond it', () => {
    // Friday 4 December 23.30 → Monday 7 December 08.00.
    expect(nextCallText('2026-12-07T07:00:00Z', utc('2026-12-04T22:30:00'), da, 'da')).toBe(
      'Du kan ringe igen på mandag kl. 8.00.',
    );
    expect(nextCallText('2026-12-07T07:00:00Z', utc('2026-12-04T22:30:00'), en, 'en')).toMatch(
      /^You can call again on Monday at 0?8:00\.$/,
    );
    expect(nextCallText('2026-12-14T07:00:00Z', utc('2026-12-04T22:30:00'), da, 'da')).toBe(
      'Du kan ringe igen den 14. december kl. 8.00.',
    );
  });

  it('says nothing about a time already passed, and adds the zone where the browser’s differs', () => {
    expect(nextCallText('2026-12-02T07:00:00Z', utc('2026-12-02T08:00:00'), da, 'da')).toBeNull();
    expect(nextCallText('2026-12-02T07:00:00Z', utc('2026-12-02T05:30:00'), da, 'da', '(dansk tid)')).toBe(
      'Du kan ringe igen i dag kl. 8.00 (dansk tid).',
    );
  });
});
