import type { Translate } from '../../shared/i18n-context.js';
import { formatMunicipal } from '../../shared/municipal-date.js';
import type { Alert } from './devices-api.js';

/**
 * From how many lines of one kind Advarsler shows them as one line ("12 borgere har aldrig brugt ScreenVisit.")
 * with a button that shows who. Three or fewer stay one line per person: each names the person and has its own
 * "Åbn …" button, and three lines read at a glance, so grouping them would hide names behind a press and save
 * nothing. From four, the same sentence four times (each line two or three lines tall at 1280 px, with its
 * button) fills the screen and pushes the other kinds below it: after a bulk import of 12 citizens nobody has
 * used yet, a kiosk offline at a citizen's home stood under twelve copies of one sentence.
 */
export const GROUP_FROM = 4;

/** What a group's line counts (`who`, alert-group-strings.ts): the alerts' subject kind. */
export type GroupSubject = 'citizen' | 'staff' | 'device' | 'unit';

export type GroupKey =
  | 'inactive_citizen_never'
  | 'inactive_citizen'
  | 'inactive_staff_never'
  | 'inactive_staff'
  | 'device_offline'
  | 'wipe_pending'
  | 'poor_connection'
  | 'kiosk_to_collect'
  | 'kiosk_not_enrolled'
  | 'pool_unreachable';

export type AlertLine =
  | { readonly kind: 'one'; readonly alert: Alert }
  | {
      readonly kind: 'many';
      readonly key: GroupKey;
      readonly subject: GroupSubject;
      readonly severity: Alert['severity'];
      /** By name (or kiosk label), so a support worker looking for one person finds her. */
      readonly alerts: readonly Alert[];
    };

const DEVICE_KINDS: Readonly<Record<string, GroupKey>> = {
  device_offline: 'device_offline',
  wipe_pending: 'wipe_pending',
  poor_connection: 'poor_connection',
  kiosk_to_collect: 'kiosk_to_collect',
  kiosk_not_enrolled: 'kiosk_not_enrolled',
};

/**
 * Alerts that say the same thing of different subjects share a key. An inactive account's sentence differs by who
 * (staff or citizen) and by "never used" against "not used for N days", so those are four keys. A kind this page
 * does not know (a newer cloud, GET /api/alerts `kind` is any string) gets none and stays one line each.
 */
export function groupKeyOf(alert: Alert): { key: GroupKey; subject: GroupSubject } | null {
  const never = alert.figures.neverLoggedIn === 1;
  if (alert.kind === 'inactive_account') {
    if (alert.subject.kind === 'citizen')
      return { key: never ? 'inactive_citizen_never' : 'inactive_citizen', subject: 'citizen' };
    if (alert.subject.kind === 'staff')
      return { key: never ? 'inactive_staff_never' : 'inactive_staff', subject: 'staff' };
    return null;
  }
  const deviceKey = DEVICE_KINDS[alert.kind];
  if (deviceKey && alert.subject.kind === 'device') return { key: deviceKey, subject: 'device' };
  if (alert.kind === 'pool_unreachable' && alert.subject.kind === 'unit')
    return { key: 'pool_unreachable', subject: 'unit' };
  return null;
}

const byName = (a: Alert, b: Alert) => a.subject.name.localeCompare(b.subject.name, 'da');

/**
 * The lines Advarsler shows, in the API's order (critical first): a kind with GROUP_FROM or more alerts is one
 * line where its first alert stood, the others stay one line each.
 */
export function groupAlerts(alerts: readonly Alert[]): AlertLine[] {
  const members = new Map<GroupKey, Alert[]>();
  for (const alert of alerts) {
    const group = groupKeyOf(alert);
    if (group) members.set(group.key, [...(members.get(group.key) ?? []), alert]);
  }
  const lines: AlertLine[] = [];
  const placed = new Set<GroupKey>();
  for (const alert of alerts) {
    const group = groupKeyOf(alert);
    const same = group ? (members.get(group.key) ?? []) : [];
    if (!group || same.length < GROUP_FROM) {
      lines.push({ kind: 'one', alert });
      continue;
    }
    if (placed.has(group.key)) continue;
    placed.add(group.key);
    lines.push({
      kind: 'many',
      key: group.key,
      subject: group.subject,
      severity: same.some((a) => a.severity === 'critical') ? 'critical' : 'warning',
      alerts: [...same].sort(byName),
    });
  }
  return lines;
}

type Group = Extract<AlertLine, { kind: 'many' }>;

/**
 * A group's sentence: how many, and what they share. A figure that differs per subject is said as the least of
 * them ("i mindst 61 dage"), which is true of every one; an inactive account's group adds when the first of them
 * closes by itself (cloud/src/alerts/rules.ts `closesAt`), the date support has to act by.
 */
export function alertGroupText(t: Translate, language: 'da' | 'en', group: Group, now: Date): string {
  const least = (figure: string) => Math.min(...group.alerts.map((a) => a.figures[figure] ?? 0));
  const values: Record<string, string | number> = { count: group.alerts.length };
  if (group.key === 'device_offline' || group.key === 'wipe_pending')
    values.hours = t('alerts.group.hours', { count: least('hours') });
  if (
    group.key === 'inactive_citizen' ||
    group.key === 'inactive_staff' ||
    group.key === 'kiosk_not_enrolled'
  )
    values.days = t('alerts.group.days', { count: least('days') });
  const said = t(`alerts.group.${group.key}`, values);
  const closing = group.alerts.flatMap((a) => (a.closesAt ? [new Date(a.closesAt)] : []));
  if (closing.length === 0) return said;
  const first = new Date(Math.min(...closing.map((d) => d.getTime())));
  const closes =
    first <= now
      ? t('alerts.group.firstClosesNow')
      : t('alerts.group.firstClosesOn', {
          date: formatMunicipal(first, language, { dateStyle: 'long' }, ''),
        });
  return `${said} ${closes}`;
}

/** The disclosure button's words: "Vis de 12 borgere" while closed, "Skjul de 12 borgere" while open. */
export function alertGroupToggleText(t: Translate, group: Group, open: boolean): string {
  const count = group.alerts.length;
  const who = t(`alerts.group.who.${group.subject}`, { count });
  return t(open ? 'alerts.group.hide' : 'alerts.group.show', { count, who });
}
