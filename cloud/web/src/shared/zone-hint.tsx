import { useI18n } from './i18n-context.js';
import { zoneDiffers } from './municipal-date.js';

/**
 * "Tiderne står i dansk tid." above a list of times the cloud sent as municipal clock times ("08:00", the day
 * plan and the planning list): on a browser in another zone they were bare, and a staff member on a laptop set to
 * UTC or abroad could not tell whether 08:00 was theirs or Copenhagen's. Said once above the list rather than
 * after every row (the watch caption's rule: one note covers the times under it); nothing on a Copenhagen browser.
 */
export function ZoneHint() {
  const { t } = useI18n();
  if (!zoneDiffers()) return null;
  return (
    <p class="hint" data-testid="zone-hint">
      {t('time.zoneHint')}
    </p>
  );
}
