import { describe, expect, it } from 'vitest';
import { createI18n } from '../../shared/i18n.js';
import { alertGroupText, groupAlerts } from './alert-groups.js';
import { alertItemText } from './alert-item-text.js';
import type { Alert } from './devices-api.js';
import { supportStrings } from './strings.js';

const now = new Date('2026-12-07T09:00:00Z');
const da = createI18n(supportStrings, 'da');
const en = createI18n(supportStrings, 'en');

const citizen = (name: string, figures: Record<string, number>, closesAt?: string): Alert => ({
  kind: 'inactive_account',
  severity: 'warning',
  subject: { kind: 'citizen', id: `c-${name}`, name, ref: '3F2A9C' },
  since: null,
  figures,
  ...(closesAt ? { closesAt } : {}),
});
const staff = (name: string, figures: Record<string, number>): Alert => ({
  kind: 'inactive_account',
  severity: 'warning',
  subject: { kind: 'staff', id: `s-${name}`, name },
  since: null,
  figures,
  closesAt: '2027-01-19T10:00:00Z',
});
const kiosk = (kind: string, label: string, figures: Record<string, number>): Alert => ({
  kind,
  severity: 'warning',
  subject: { kind: 'device', id: `d-${label}`, name: label },
  since: null,
  figures,
});

/** The short line of `alert` inside the group that four of it make. */
const item = (i18n: typeof da, language: 'da' | 'en', alert: Alert) => {
  const [line] = groupAlerts([
    alert,
    ...[1, 2, 3].map((n) => ({ ...alert, subject: { ...alert.subject, id: `${n}` } })),
  ]);
  if (line?.kind !== 'many') throw new Error('not a group');
  return alertItemText(i18n.t, language, line.key, alert, now);
};

describe('a line inside an opened group under Advarsler', () => {
  it('names the citizen with her ref and says only what differs: days and the day it closes', () => {
    const never = citizen('Aase Pedersen', { days: 76, neverLoggedIn: 1 }, '2027-02-04T10:00:00Z');
    expect(item(da, 'da', never)).toBe(
      'Aase Pedersen (Ref. 3F2A9C): oprettet for 76 dage siden, lukkes den 4. februar 2027.',
    );
    expect(item(en, 'en', never)).toBe(
      'Aase Pedersen (Ref. 3F2A9C): created 76 days ago, closes on 4 February 2027.',
    );
    const idle = citizen('Aase Pedersen', { days: 61, neverLoggedIn: 0 }, '2026-12-01T10:00:00Z');
    expect(item(da, 'da', idle)).toBe('Aase Pedersen (Ref. 3F2A9C): 61 dage uden brug, lukkes meget snart.');
    expect(item(da, 'da', staff('Anna Jensen', { days: 1, neverLoggedIn: 0 }))).toBe(
      'Anna Jensen: 1 dag uden log ind, lukkes den 19. januar 2027.',
    );
    expect(item(da, 'da', staff('Anna Jensen', { days: 76, neverLoggedIn: 1 }))).toBe(
      'Anna Jensen: oprettet for 76 dage siden, lukkes den 19. januar 2027.',
    );
  });

  it('says of a kiosk its label and its own figure, and of one to collect what closing did to it', () => {
    expect(item(da, 'da', kiosk('device_offline', 'KBH-0001', { hours: 1 }))).toBe(
      'KBH-0001: offline i 1 time.',
    );
    expect(item(da, 'da', kiosk('wipe_pending', 'KBH-0002', { hours: 30 }))).toBe(
      'KBH-0002: har ventet i 30 timer.',
    );
    expect(item(da, 'da', kiosk('poor_connection', 'KBH-0003', { rttMs: 420, lossPercent: 4.5 }))).toBe(
      'KBH-0003: 420 ms svartid og 4,5 % tab.',
    );
    expect(item(da, 'da', kiosk('kiosk_to_collect', 'KBH-0004', {}))).toBe('KBH-0004: slettet på afstand.');
    expect(item(da, 'da', kiosk('kiosk_to_collect', 'KBH-0005', { wipePending: 1 }))).toBe(
      'KBH-0005: ikke slettet endnu (sletter sig selv, når den er tændt og på nettet).',
    );
    expect(item(da, 'da', kiosk('kiosk_to_collect', 'KBH-0006', { nothingToWipe: 1 }))).toBe(
      'KBH-0006: aldrig tilmeldt, intet at slette.',
    );
    const lent = { ...kiosk('kiosk_not_enrolled', 'KBH-0007', { days: 3 }) };
    expect(item(da, 'da', { ...lent, borrower: { id: 'c', name: 'Else Mortensen', ref: 'E64662' } })).toBe(
      'KBH-0007: lånt ud til Else Mortensen (Ref. E64662) for 3 dage siden.',
    );
    expect(item(en, 'en', lent)).toBe('KBH-0007: lent 3 days ago.');
  });

  it('never repeats the group’s sentence in a line', () => {
    const alerts = ['Birte', 'Carl', 'Dorte', 'Erik'].map((n) =>
      citizen(n, { days: 76, neverLoggedIn: 1 }, '2027-02-04T10:00:00Z'),
    );
    const [group] = groupAlerts(alerts);
    if (group?.kind !== 'many') throw new Error('not a group');
    const heading = alertGroupText(da.t, 'da', group, now);
    for (const a of group.alerts) {
      const line = alertItemText(da.t, 'da', group.key, a, now);
      expect(line.startsWith(`${a.subject.name} (Ref. 3F2A9C): `)).toBe(true);
      expect(heading).toContain('aldrig brugt ScreenVisit');
      expect(line).not.toContain('aldrig brugt ScreenVisit');
    }
  });
});
