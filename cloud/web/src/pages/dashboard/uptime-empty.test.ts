import { describe, expect, it } from 'vitest';
import { dashboardStrings as strings } from './strings.js';
import { uptimeEmptyKey } from './uptime-empty.js';

describe('the uptime section without a week to show', () => {
  it('says no screen is lent in your units only when none is', () => {
    expect(uptimeEmptyKey({ lent: 0 })).toBe('uptime.none');
  });

  it('says a lent screen has not been measured yet, not that there is none, in Danish and English', () => {
    expect(uptimeEmptyKey({ lent: 1 })).toBe('uptime.notYet');
    expect(strings.da['uptime.notYet']).toBe(
      'Ingen målinger endnu. Hver udlånt skærm måles hvert kvarter, fra den er tilmeldt.',
    );
    expect(strings.en['uptime.notYet']).toBe(
      'No samples yet. Each lent screen is sampled every quarter of an hour once it is enrolled.',
    );
  });
});
