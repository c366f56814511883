import { describe, expect, it } from 'vitest';
import { createI18n } from '../../shared/i18n.js';
import {
  type AlertLine,
  alertGroupText,
  alertGroupToggleText,
  GROUP_FROM,
  groupAlerts,
} from './alert-groups.js';
import type { Alert } from './devices-api.js';
import { supportStrings } from './strings.js';

const now = new Date('2026-12-07T09:00:00Z');
const da = createI18n(supportStrings, 'da');
const en = createI18n(supportStrings, 'en');

const NAMES = [
  'Birte',
  'Aase',
  'Åge',
  'Carl',
  'Dorte',
  'Erik',
  'Frida',
  'Gunnar',
  'Hanne',
  'Ib',
  'Jens',
  'Karen',
];

let n = 0;
const nextId = () => {
  n += 1;
  return n;
};
/** A citizen made `days` ago and never used (bulk import), closing by itself at `closesAt`. */
const neverUsed = (name: string, days = 76, closesAt = '2027-02-04T10:00:00Z'): Alert => ({
  kind: 'inactive_account',
  severity: 'warning',
  subject: { kind: 'citizen', id: `c-${nextId()}`, name, ref: 'ABC123' },
  since: null,
  figures: { days, neverLoggedIn: 1 },
  closesAt,
});
const notUsedFor = (name: string, days: number): Alert => ({
  ...neverUsed(name, days),
  figures: { days, neverLoggedIn: 0 },
});
const offline = (label: string, hours: number): Alert => ({
  kind: 'device_offline',
  severity: 'warning',
  subject: { kind: 'device', id: `d-${label}`, name: label },
  since: null,
  figures: { hours },
});
const wipe = (label: string): Alert => ({
  kind: 'wipe_pending',
  severity: 'critical',
  subject: { kind: 'device', id: `w-${label}`, name: label },
  since: null,
  figures: { hours: 30 },
});

const notEnrolled = (label: string, days: number): Alert => ({
  kind: 'kiosk_not_enrolled',
  severity: 'warning',
  subject: { kind: 'device', id: `n-${label}`, name: label },
  borrower: { id: `c-${label}`, name: `Borger ${label}`, ref: 'ABC123' },
  since: null,
  figures: { days },
});

const many = (line: AlertLine | undefined) => {
  if (line?.kind !== 'many') throw new Error(`not a group: ${JSON.stringify(line)}`);
  return line;
};

describe('Advarsler after a bulk import', () => {
  it('shows twelve citizens nobody has used as one line where the first stood, the other kinds one line each', () => {
    const alerts = [wipe('KBH-0009'), ...NAMES.map((name) => neverUsed(name)), offline('KBH-0001', 5)];
    const lines = groupAlerts(alerts);
    expect(
      lines.map((l) => (l.kind === 'one' ? l.alert.subject.name : `${l.alerts.length} × ${l.key}`)),
    ).toEqual(['KBH-0009', '12 × inactive_citizen_never', 'KBH-0001']);
    // Who, by name in Danish order (Å last, and Aa with it, as in a Danish phone book), each alert whole: the
    // person's own line, button and all.
    const group = many(lines[1]);
    expect(group.alerts.map((a) => a.subject.name)).toEqual([
      'Birte',
      'Carl',
      'Dorte',
      'Erik',
      'Frida',
      'Gunnar',
      'Hanne',
      'Ib',
      'Jens',
      'Karen',
      'Åge',
      'Aase',
    ]);
    expect(new Set(group.alerts)).toEqual(new Set(alerts.slice(1, 13)));
  });

  it('says how many in one sentence, with when the first account closes, in Danish and English', () => {
    const alerts = NAMES.map((name, i) =>
      neverUsed(name, 76, `2027-02-${String(4 + i).padStart(2, '0')}T10:00:00Z`),
    );
    const group = many(groupAlerts(alerts)[0]);
    expect(alertGroupText(da.t, 'da', group, now)).toBe(
      '12 borgere har aldrig brugt ScreenVisit. Den første konto lukkes af sig selv den 4. februar 2027.',
    );
    expect(alertGroupText(en.t, 'en', group, now)).toBe(
      '12 citizens have never used ScreenVisit. The first account is closed by itself on 4 February 2027.',
    );
    expect(alertGroupToggleText(da.t, group, false)).toBe('Vis de 12 borgere');
    expect(alertGroupToggleText(da.t, group, true)).toBe('Skjul de 12 borgere');
    expect(alertGroupToggleText(en.t, group, false)).toBe('Show the 12 citizens');
  });

  it('keeps one line per person below the threshold, and groups from it', () => {
    // The threshold and why: alert-groups.ts GROUP_FROM. A group of one would never read right ("de 1 borger").
    expect(GROUP_FROM).toBeGreaterThanOrEqual(2);
    const few = groupAlerts(NAMES.slice(0, GROUP_FROM - 1).map((name) => neverUsed(name)));
    expect(few.map((l) => l.kind)).toEqual(Array(GROUP_FROM - 1).fill('one'));
    const enough = groupAlerts(NAMES.slice(0, GROUP_FROM).map((name) => neverUsed(name)));
    expect(enough.map((l) => l.kind)).toEqual(['many']);
  });

  it('never groups "never used" with "not used for 61 days": they are two sentences', () => {
    const lines = groupAlerts([
      ...NAMES.slice(0, 5).map((name) => neverUsed(name)),
      ...NAMES.slice(5, 10).map((name, i) => notUsedFor(name, 61 + i)),
    ]);
    expect(lines.map((l) => (l.kind === 'many' ? l.key : 'one'))).toEqual([
      'inactive_citizen_never',
      'inactive_citizen',
    ]);
    // The least of the five, which is true of every one of them.
    expect(alertGroupText(da.t, 'da', many(lines[1]), now)).toBe(
      '5 borgere har ikke brugt ScreenVisit i mindst 61 dage. Den første konto lukkes af sig selv den 4. februar 2027.',
    );
    expect(alertGroupText(en.t, 'en', many(lines[1]), now)).toBe(
      '5 citizens have not used ScreenVisit for at least 61 days. The first account is closed by itself on 4 February 2027.',
    );
  });

  it('words kiosks offline in a group with the shortest time, one time and many timer', () => {
    const group = many(
      groupAlerts(['KBH-1', 'KBH-2', 'KBH-3', 'KBH-4'].map((l, i) => offline(l, 1 + i * 3)))[0],
    );
    expect(alertGroupText(da.t, 'da', group, now)).toBe(
      '4 skærme har været offline i mindst 1 time, mens borgerne venter på opkald.',
    );
    expect(alertGroupText(en.t, 'en', group, now)).toBe(
      '4 kiosks have been offline for at least 1 hour while their citizens expect calls.',
    );
    expect(alertGroupToggleText(en.t, group, false)).toBe('Show the 4 kiosks');
  });

  it('has a singular for every group sentence, by i18next’s plural rules in both languages', () => {
    expect(da.t('alerts.group.inactive_citizen_never', { count: 1 })).toBe(
      '1 borger har aldrig brugt ScreenVisit.',
    );
    expect(en.t('alerts.group.inactive_citizen_never', { count: 1 })).toBe(
      '1 citizen has never used ScreenVisit.',
    );
    expect(
      da.t('alerts.group.inactive_staff', { count: 1, days: da.t('alerts.group.days', { count: 1 }) }),
    ).toBe('1 medarbejder har ikke logget ind i mindst 1 dag.');
    expect(
      en.t('alerts.group.wipe_pending', { count: 1, hours: en.t('alerts.group.hours', { count: 1 }) }),
    ).toBe('The wipe of 1 kiosk has waited at least 1 hour: the kiosk has not been online.');
  });

  it('says a group closes "very soon" when its first date has passed, and leaves a kind it does not know alone', () => {
    const due = NAMES.slice(0, 4).map((name) => neverUsed(name, 130, '2026-12-01T10:00:00Z'));
    expect(alertGroupText(da.t, 'da', many(groupAlerts(due)[0]), now)).toBe(
      '4 borgere har aldrig brugt ScreenVisit. Mindst én konto lukkes af sig selv meget snart.',
    );
    const unknown = NAMES.slice(0, 6).map((name) => ({ ...offline(name, 5), kind: 'from_a_newer_cloud' }));
    expect(groupAlerts(unknown).map((l) => l.kind)).toEqual(Array(6).fill('one'));
  });

  it('groups four kiosks lent but never enrolled into one line with the shortest time since the lend', () => {
    const lines = groupAlerts([
      offline('KBH-0001', 5),
      ...['KBH-0012', 'KBH-0010', 'KBH-0011', 'KBH-0013'].map((l, i) => notEnrolled(l, 2 + i)),
    ]);
    expect(lines.map((l) => (l.kind === 'many' ? `${l.alerts.length} × ${l.key}` : 'one'))).toEqual([
      'one',
      '4 × kiosk_not_enrolled',
    ]);
    const group = many(lines[1]);
    expect(group.alerts.map((a) => a.subject.name)).toEqual(['KBH-0010', 'KBH-0011', 'KBH-0012', 'KBH-0013']);
    expect(alertGroupText(da.t, 'da', group, now)).toBe(
      '4 skærme er lånt ud for mindst 2 dage siden, men ikke tilmeldt: borgerne kan hverken ringe eller blive ringet op.',
    );
    expect(alertGroupText(en.t, 'en', group, now)).toBe(
      '4 kiosks were lent at least 2 days ago but are not enrolled: their citizens can neither call nor be called.',
    );
    expect(alertGroupToggleText(da.t, group, false)).toBe('Vis de 4 skærme');
  });
});
