import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import type { RingAlert, RingAlertState } from './ring-alert.js';

/** Volume, a test ring, and a plain notice when the browser keeps the console silent (issue 10 §3). */
export function SoundPanel(props: { alert: RingAlert; state: RingAlertState }) {
  const { t } = useI18n();
  const percent = Math.round(props.state.volume * 100);
  return (
    <section class="panel" aria-labelledby="sound-heading">
      <h2 id="sound-heading">
        <Icon name="info" /> {t('sound.heading')}
      </h2>
      {props.state.blocked && (
        <Notice kind="error">
          <p data-testid="sound-blocked">{t('sound.blocked')}</p>
        </Notice>
      )}
      <label for="ring-volume">{t('sound.volume', { percent })}</label>
      <input
        id="ring-volume"
        type="range"
        min={5}
        max={100}
        step={5}
        value={percent}
        onInput={(e) => props.alert.setVolume(Number(e.currentTarget.value) / 100)}
      />
      <p>
        <button type="button" class="button button-secondary" onClick={() => props.alert.test()}>
          <Icon name="phone" /> {t('sound.test')}
        </button>
      </p>
    </section>
  );
}
