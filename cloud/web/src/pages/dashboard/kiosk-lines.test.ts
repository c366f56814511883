import { describe, expect, it } from 'vitest';
import { devicesCardKey, uptimeEmptyKey } from './kiosk-lines.js';
import { dashboardStrings as strings } from './strings.js';

describe('the dashboard’s lines about lent screens with nothing to count', () => {
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

  it('tells a reader whose units lend no screen so on the card, not "0 af 0" online', () => {
    expect(devicesCardKey({ lent: 0 })).toBe('cards.noDevices');
    expect(devicesCardKey({ lent: 2 })).toBe('cards.devices');
    expect(strings.da['cards.noDevices']).toBe('Ingen udlånte skærme i dine enheder');
    expect(strings.en['cards.noDevices']).toBe('No lent screens in your units');
  });
});
