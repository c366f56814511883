import { type Translate, useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { useMunicipalTime } from '../../shared/use-municipal-time.js';
import type { DeviceDetail, DeviceSummary } from './devices-api.js';
import { returnedUnwiped } from './wipe-first.js';

/** "12.3.2026 14.05" in municipal time and the reader's language, for last-seen times. */
export function useWhen() {
  const municipal = useMunicipalTime();
  return (iso: string) => municipal(iso, { dateStyle: 'short', timeStyle: 'short' });
}

/**
 * The kiosk's status: the hold when there is one, else its lifecycle. A kiosk lent before it ever enrolled keeps
 * `registered` (cloud devices/lifecycle.ts) but is at a citizen's: "Registreret, ikke tilmeldt" alone read as a box
 * on the shelf, and 2nd line, who sees no "Udlånt til" column, had no way to know. It says both.
 */
export function lifecycleText(
  t: (k: string) => string,
  d: Pick<DeviceSummary, 'lifecycle' | 'heldAs'> & Partial<Pick<DeviceSummary, 'lent' | 'returnedUnwipedAt'>>,
) {
  if (d.heldAs) return t(`held.${d.heldAs}`);
  if (lentUnenrolled(d)) return t('lifecycle.registeredLent');
  // Taken back and not wiped: it holds the last borrower's contacts, so not "På lager" (cloud lifecycle.ts).
  return returnedUnwiped(d) ? t('lifecycle.returned') : t(`lifecycle.${d.lifecycle}`);
}

/** Lent to a citizen but never enrolled: it can neither call nor be called until support makes it a code. */
export function lentUnenrolled(d: Pick<DeviceSummary, 'lifecycle'> & Partial<Pick<DeviceSummary, 'lent'>>) {
  return d.lifecycle === 'registered' && d.lent === true;
}

/** Online, or offline with the last-seen time: exactly what the API says (the cloud keeps it truthful). */
export function Connection(props: { device: DeviceSummary; when: (iso: string) => string }) {
  const { t } = useI18n();
  const d = props.device;
  return d.online ? (
    <span>
      <Icon name="wifi" /> {t('devices.online')}
    </span>
  ) : (
    <span>
      {t('devices.offline')},{' '}
      {d.lastSeenAt ? t('devices.lastSeen', { when: props.when(d.lastSeenAt) }) : t('devices.neverSeen')}
    </span>
  );
}

/**
 * Which settings the kiosk uses, in words: "3 af 4" beside "Indstillinger (version)" left support to guess which
 * number was the kiosk's and whether it was behind (kioskwalk).
 */
export function configText(
  t: Translate,
  d: Pick<DeviceDetail, 'configVersion' | 'targetConfigVersion'>,
): string {
  const vars = { applied: d.configVersion, target: d.targetConfigVersion };
  if (d.targetConfigVersion === 0) return t('device.configNone');
  return d.configVersion >= d.targetConfigVersion
    ? t('device.configCurrent', vars)
    : t('device.configWaiting', vars);
}
