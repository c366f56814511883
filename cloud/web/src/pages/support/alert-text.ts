import type { Translate } from '../../shared/i18n-context.js';
import { formatMunicipal } from '../../shared/municipal-date.js';
import type { Alert } from './devices-api.js';

/**
 * An alert as support reads it under Advarsler. An inactive account is worded by whether it ever logged in
 * ("… er oprettet for 76 dage siden og har aldrig logget ind" beside a card that says "Sidst logget ind: Aldrig";
 * "har ikke logget ind i 76 dage" read as if it once had) and says the date the inactivity job closes it by
 * itself (cloud/src/alerts/rules.ts `closesAt`), or that it is due now. Plural by i18next (`_one`/`_other`).
 */
export function alertText(t: Translate, language: 'da' | 'en', alert: Alert, now: Date): string {
  if (alert.kind === 'kiosk_to_collect') return kioskToCollectText(t, alert);
  if (alert.kind === 'kiosk_not_enrolled') return kioskNotEnrolledText(t, alert);
  if (alert.kind !== 'inactive_account')
    return t(`alerts.${alert.kind}`, { name: alert.subject.name, ...figuresIn(language, alert.figures) });
  const count = alert.figures.days ?? 0;
  const never = alert.figures.neverLoggedIn === 1;
  // A citizen is "in use" by a login or her loan kiosk switched on (cloud db/repos/citizen-activity.ts), so her
  // sentence says "brugt", not "logget ind": a resident with a kiosk never logs in.
  const key = alert.subject.kind === 'citizen' ? 'alerts.inactive_citizen' : 'alerts.inactive_account';
  // With her ref, as the kiosk list names a borrower: two inactive namesakes must not read the same.
  const { name, ref } = alert.subject;
  const idle = t(key, {
    name: ref ? t('alerts.citizenWithRef', { name, ref }) : name,
    count,
    ...(never ? { context: 'never' } : {}),
  });
  if (!alert.closesAt) return idle;
  const closes =
    new Date(alert.closesAt) <= now
      ? t('alerts.closesNow')
      : t('alerts.closesOn', { date: formatMunicipal(alert.closesAt, language, { dateStyle: 'long' }, '') });
  return `${idle} ${closes}`;
}

/**
 * A kiosk to fetch from a closed citizen's home, by what closing her did to it (cloud alerts/kiosk-to-collect.ts
 * figures): "Skærmen er slettet på afstand" only when it is; a wipe still waiting for the kiosk's next connection,
 * or a kiosk that never enrolled and held nothing, has its own sentence.
 */
function kioskToCollectText(t: Translate, alert: Alert): string {
  const key =
    alert.figures.nothingToWipe === 1
      ? 'alerts.kioskToCollectUnenrolled'
      : alert.figures.wipePending === 1
        ? 'alerts.kioskToCollectPending'
        : 'alerts.kiosk_to_collect';
  return t(key, { name: alert.subject.name });
}

/**
 * A kiosk lent but never enrolled: "Skærm KBH-0007 er lånt ud til Aase Pedersen (Ref. …) for 3 dage siden, men
 * er ikke tilmeldt." The borrower with her ref, as the kiosk list names her, so support knows whom to ring.
 */
function kioskNotEnrolledText(t: Translate, alert: Alert): string {
  const count = alert.figures.days ?? 1;
  const b = alert.borrower;
  if (!b) return t('alerts.kioskNotEnrolledNoName', { name: alert.subject.name, count });
  const borrower = t('alerts.citizenWithRef', { name: b.name, ref: b.ref });
  return t('alerts.kiosk_not_enrolled', { name: alert.subject.name, borrower, count });
}

/**
 * The figures as the reader's language writes numbers: "4,5 % tab" in Danish (a decimal comma, as the opened
 * group's line says it, alert-item-text.ts); the single alert printed the raw number, "4.5 %".
 */
function figuresIn(language: 'da' | 'en', figures: Record<string, number>): Record<string, string> {
  const number = new Intl.NumberFormat(language === 'da' ? 'da-DK' : 'en-GB');
  return Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, number.format(v)]));
}
