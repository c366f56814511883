import type { Translate } from '../../shared/i18n-context.js';
import { formatMunicipal } from '../../shared/municipal-date.js';
import type { GroupKey } from './alert-groups.js';
import type { Alert } from './devices-api.js';

/**
 * One alert as a line inside its opened group: the name and what differs (days, the date it closes, hours, what
 * closing did to a kiosk), never the group's sentence again. Twelve copies of "Borgeren … er oprettet for 76 dage
 * siden og har aldrig brugt ScreenVisit. Kontoen lukkes af sig selv den …" under "12 borgere har aldrig brugt
 * ScreenVisit." made support read the same words twelve times to find the name and the date in each.
 */
export function alertItemText(
  t: Translate,
  language: 'da' | 'en',
  key: GroupKey,
  alert: Alert,
  now: Date,
): string {
  const { name, ref } = alert.subject;
  // With her ref, as the kiosk list and the single line name a citizen: two namesakes must not read the same.
  const who = ref ? t('alerts.citizenWithRef', { name, ref }) : name;
  const f = alert.figures;
  const closes = () => {
    if (!alert.closesAt) return '';
    if (new Date(alert.closesAt) <= now) return t('alerts.item.closesNow');
    const date = formatMunicipal(alert.closesAt, language, { dateStyle: 'long' }, '');
    return t('alerts.item.closesOn', { date });
  };
  switch (key) {
    case 'inactive_citizen_never':
    case 'inactive_staff_never':
      return t('alerts.item.createdAgo', { who, count: f.days ?? 0, closes: closes() });
    case 'inactive_citizen':
      return t('alerts.item.citizenIdle', { who, count: f.days ?? 0, closes: closes() });
    case 'inactive_staff':
      return t('alerts.item.staffIdle', { who, count: f.days ?? 0, closes: closes() });
    case 'device_offline':
      return t('alerts.item.offline', { who, count: f.hours ?? 0 });
    case 'wipe_pending':
      return t('alerts.item.wipeWaited', { who, count: f.hours ?? 0 });
    case 'poor_connection':
      // "4,5 % tab" in Danish: a decimal comma, as every other figure on the page.
      return t('alerts.item.poorConnection', {
        who,
        rttMs: f.rttMs ?? 0,
        lossPercent: new Intl.NumberFormat(language === 'da' ? 'da-DK' : 'en-GB').format(f.lossPercent ?? 0),
      });
    case 'kiosk_to_collect':
      return t(
        f.nothingToWipe === 1
          ? 'alerts.item.collectUnenrolled'
          : f.wipePending === 1
            ? 'alerts.item.collectPending'
            : 'alerts.item.collectWiped',
        { who },
      );
    case 'kiosk_not_enrolled': {
      const b = alert.borrower;
      const count = f.days ?? 1;
      if (!b) return t('alerts.item.lent', { who, count });
      return t('alerts.item.lentTo', { who, count, borrower: t('alerts.citizenWithRef', b) });
    }
    case 'pool_unreachable':
      return t('alerts.item.poolName', { who });
  }
}
