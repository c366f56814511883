import { describe, expect, it } from 'vitest';
import { createI18n } from '../../shared/i18n.js';
import { configText } from './device-bits.js';
import { deviceDa, deviceEn } from './device-strings.js';

describe('the kiosk strings support reads', () => {
  it('says that the citizen "venter på opkald" (waits for a call), in good Danish', () => {
    const i18n = createI18n({ da: deviceDa, en: deviceEn }, 'da');
    expect(i18n.t('alerts.device_offline', { name: 'KBH-0001', hours: 5 })).toBe(
      'Skærm KBH-0001 har været offline i 5 timer, mens borgeren venter på opkald.',
    );
    // "venter opkald" lacks its preposition; no kiosk string may say it.
    expect(Object.values(deviceDa).filter((s) => /venter opkald/i.test(s))).toEqual([]);
  });

  it('says in words which settings version the kiosk uses and whether a newer one waits for it', () => {
    const { t } = createI18n({ da: deviceDa, en: deviceEn }, 'da');
    expect(configText(t, { configVersion: 4, targetConfigVersion: 4 })).toBe('Version 4: skærmen bruger den');
    expect(configText(t, { configVersion: 0, targetConfigVersion: 2 })).toBe(
      'Skærmen bruger version 0. Version 2 venter på skærmen.',
    );
    expect(configText(t, { configVersion: 0, targetConfigVersion: 0 })).toBe(
      'Standard: ingen indstillinger er sendt endnu',
    );
  });

  it('says what quiet hours do on the kiosk: a call still rings, softly, and is never answered by itself', () => {
    // device/src/quiet-hours.ts: the call rings (the caller has permission) at a soft volume, and the kiosk
    // ignores the cloud's countdown. "Stille timer (ingen opkald)" told support that no call gets through.
    expect(deviceDa['settings.quiet']).toBe('Stille timer (ringer lavt og svarer aldrig selv)');
    expect(deviceEn['settings.quiet']).toBe('Quiet hours (rings softly, never answers by itself)');
  });

  it('calls a kiosk taken back and not wiped by what it is, not "På lager"', () => {
    expect(deviceDa['lifecycle.returned']).toBe('Taget retur – skal slettes før næste udlån');
  });
});
