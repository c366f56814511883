import { describe, expect, it } from 'vitest';
import { MunicipalitySettings, parseMunicipalitySettings } from './municipality-settings.js';

describe('municipality settings', () => {
  it('fills in every default for a municipality that has set nothing', () => {
    expect(parseMunicipalitySettings(null)).toEqual({
      passwordMaxAgeDays: 90,
      idleTimeoutMinutes: 15,
      staffNetworks: [],
      inactivityWarnDays: 60,
      inactivityDisableDays: 120,
      activationCodeTtlHours: { letter: 336, sms: 24, digital_post: 168 },
      relayOnly: false,
      citizenHelpPhone: null,
      alerts: { offlineHours: 4, wipePendingHours: 24, poorRttMs: 400, poorLossPercent: 5 },
      serviceCase: { evaluationDays: [7, 30], evaluateEveryDays: 182, collectWithinDays: 14 },
    });
  });

  it("takes a citizens' help number of digits and spaces, and refuses words", () => {
    expect(parseMunicipalitySettings({ citizenHelpPhone: '+45 33 66 33 66' }).citizenHelpPhone).toBe(
      '+45 33 66 33 66',
    );
    expect(MunicipalitySettings.safeParse({ citizenHelpPhone: 'ring til Else' }).success).toBe(false);
  });

  it('lets password expiry be switched off with null', () => {
    expect(parseMunicipalitySettings({ passwordMaxAgeDays: null }).passwordMaxAgeDays).toBeNull();
  });

  it('accepts IPv4 and IPv6 staff networks and refuses anything else', () => {
    expect(
      parseMunicipalitySettings({ staffNetworks: ['10.20.0.0/16', '2001:db8::/32'] }).staffNetworks,
    ).toHaveLength(2);
    expect(MunicipalitySettings.safeParse({ staffNetworks: ['10.20.0.0'] }).success).toBe(false);
    expect(MunicipalitySettings.safeParse({ staffNetworks: ['anywhere'] }).success).toBe(false);
  });

  it('refuses disabling accounts before warning about them, and unknown keys', () => {
    expect(
      MunicipalitySettings.safeParse({ inactivityWarnDays: 120, inactivityDisableDays: 60 }).success,
    ).toBe(false);
    expect(MunicipalitySettings.safeParse({ idleTimeout: 5 }).success).toBe(false);
  });
});
