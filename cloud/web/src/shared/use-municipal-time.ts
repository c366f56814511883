import { useI18n } from './i18n-context.js';
import { formatMunicipal, type MunicipalFormat } from './municipal-date.js';

/**
 * The page's one way to show a date or time: municipal time in the reader's language, the zone said when the
 * browser's differs (see formatMunicipal). `zoneNote: false` leaves the note off where one note covers several
 * times, e.g. the first time of the span "kl. 22.00 til 07.00 (dansk tid)".
 */
export function useMunicipalTime() {
  const { t, language } = useI18n();
  return (at: Date | string, options: MunicipalFormat, show: { zoneNote?: boolean } = {}) =>
    formatMunicipal(at, language, options, show.zoneNote === false ? '' : t('time.zone'));
}
