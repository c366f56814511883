import { useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { WEEKDAY_DATE_TIME } from '../../shared/municipal-date.js';
import { Notice } from '../../shared/notice.js';
import { useMunicipalTime } from '../../shared/use-municipal-time.js';
import { CitizenPicker } from './citizen-picker.js';
import { type Act, WipeButton } from './device-danger.js';
import type { CitizenChoice, DeviceDetail } from './devices-api.js';

/**
 * The lend dialog of a kiosk taken back and not wiped since (GET /api/devices/{id} returnedUnwipedAt). After
 * "Tag skærmen retur" the page offered lending again at once, while the return dialog had just said to wipe
 * first (colleague's walk). It says so plainly and offers "Slet skærmen" first. A warning, not a block: a kiosk
 * taken back by mistake can go straight back to the same citizen behind "Lån ud uden at slette".
 */
export function LendAfterReturn(props: {
  device: DeviceDetail;
  busy: boolean;
  act: Act;
  token: string;
  onPick: (citizen: CitizenChoice) => void;
}) {
  const { t } = useI18n();
  // "søn. 6. dec., 10.29": inside a sentence, and the return may lie days back.
  const municipal = useMunicipalTime();
  const [anyway, setAnyway] = useState(false);
  return (
    <>
      <Notice kind="info">
        <p data-testid="returned-unwiped">
          {t('lend.unwiped', { when: municipal(props.device.returnedUnwipedAt ?? '', WEEKDAY_DATE_TIME) })}
        </p>
      </Notice>
      <div class="button-row">
        <WipeButton device={props.device} busy={props.busy} act={props.act} token={props.token} />
        <button
          type="button"
          class="button button-secondary"
          aria-expanded={anyway}
          aria-controls="lend-anyway"
          onClick={() => setAnyway((open) => !open)}
        >
          <Icon name="user" /> {t('lend.anyway')}
        </button>
      </div>
      <div id="lend-anyway" hidden={!anyway}>
        <p class="hint">{t('lend.anywayHint')}</p>
        {anyway && <CitizenPicker busy={props.busy} onPick={props.onPick} />}
      </div>
    </>
  );
}
