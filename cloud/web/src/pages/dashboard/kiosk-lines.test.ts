import { describe, expect, it } from 'vitest';
import { createI18n } from '../../shared/i18n.js';
import { devicesCardLines, uptimeEmptyKey } from './kiosk-lines.js';
import { dashboardStrings as strings } from './strings.js';

describe('the dashboard’s lines about lent screens', () => {
  it('says no screen is lent in your units only when none is', () => {
    expect(uptimeEmptyKey({ lent: 0, notEnrolled: 0 })).toBe('uptime.none');
  });

  it('says a lent screen has not been measured yet, not that there is none, in Danish and English', () => {
    expect(uptimeEmptyKey({ lent: 1, notEnrolled: 0 })).toBe('uptime.notYet');
    expect(uptimeEmptyKey({ lent: 0, notEnrolled: 1 })).toBe('uptime.notYet');
    expect(strings.da['uptime.notYet']).toBe(
      'Ingen målinger endnu. Hver udlånt skærm måles hvert kvarter, fra den er tilmeldt.',
    );
    expect(strings.en['uptime.notYet']).toBe(
      'No samples yet. Each lent screen is sampled every quarter of an hour once it is enrolled.',
    );
  });

  it('tells a reader whose units lend no screen so on the card, not "0 af 0" online', () => {
    expect(devicesCardLines({ lent: 0, notEnrolled: 0 })).toEqual(['cards.noDevices']);
    expect(devicesCardLines({ lent: 2, notEnrolled: 0 })).toEqual(['cards.devices']);
    expect(strings.da['cards.noDevices']).toBe('Ingen udlånte skærme i dine enheder');
    expect(strings.en['cards.noDevices']).toBe('No lent screens in your units');
  });

  it('counts a screen lent but never enrolled on a line of its own, not as a lent screen that is offline', () => {
    // Not "0 af 1 på nettet" (it cannot be online yet), and not "Ingen udlånte skærme" either.
    expect(devicesCardLines({ lent: 0, notEnrolled: 1 })).toEqual(['cards.notEnrolled']);
    expect(devicesCardLines({ lent: 3, notEnrolled: 2 })).toEqual(['cards.devices', 'cards.notEnrolled']);
    expect(strings.da['cards.notEnrolled_one']).toBe(
      '{{count}} udlånt skærm er ikke tilmeldt endnu og kan ikke være på nettet',
    );
    expect(strings.da['cards.notEnrolled_other']).toBe(
      '{{count}} udlånte skærme er ikke tilmeldt endnu og kan ikke være på nettet',
    );
    const da = createI18n(strings, 'da');
    expect(da.t('cards.notEnrolled', { count: 1 })).toBe(
      '1 udlånt skærm er ikke tilmeldt endnu og kan ikke være på nettet',
    );
    expect(da.t('cards.notEnrolled', { count: 2 })).toBe(
      '2 udlånte skærme er ikke tilmeldt endnu og kan ikke være på nettet',
    );
  });
});
