import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { WEEKDAY_DATE_TIME } from '../../shared/municipal-date.js';
import { Notice } from '../../shared/notice.js';
import { useMunicipalTime } from '../../shared/use-municipal-time.js';
import { type Act, WipeButton } from './device-danger.js';
import type { DeviceDetail } from './devices-api.js';

/**
 * The lend dialog of a kiosk taken back and not wiped since (GET /api/devices/{id} returnedUnwipedAt). It still
 * holds the citizen's contacts, and the cloud lends it to nobody else before a wipe (409; cloud devices/
 * lifecycle.ts), so there is no citizen search here: "Slet skærmen" first, and, for a kiosk taken back by
 * mistake, one button that lends it back to the citizen it came from (returnedFrom), the one loan the cloud allows.
 */
export function LendAfterReturn(props: {
  device: DeviceDetail;
  busy: boolean;
  act: Act;
  token: string;
  onLendBack: (citizen: { id: string; name: string }) => void;
}) {
  const { t } = useI18n();
  // "søn. 6. dec., 10.29": inside a sentence, and the return may lie days back.
  const municipal = useMunicipalTime();
  const back = props.device.returnedFrom;
  return (
    <>
      <Notice kind="info">
        <p data-testid="returned-unwiped">
          {t('lend.unwiped', { when: municipal(props.device.returnedUnwipedAt ?? '', WEEKDAY_DATE_TIME) })}
        </p>
      </Notice>
      <div class="button-row">
        <WipeButton device={props.device} busy={props.busy} act={props.act} token={props.token} />
        {back && (
          <button
            type="button"
            class="button button-secondary"
            aria-describedby="lend-back-hint"
            disabled={props.busy}
            onClick={() => props.onLendBack(back)}
          >
            <Icon name="user" /> {t('lend.back', { name: back.name })}
          </button>
        )}
      </div>
      {back && (
        <p class="hint" id="lend-back-hint">
          {t('lend.backHint')}
        </p>
      )}
    </>
  );
}
