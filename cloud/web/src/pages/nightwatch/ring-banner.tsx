import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';

/**
 * The banner at the top of the console while a resident's call rings (issue 10 §3): whatever panel the person
 * is looking at, the first thing on the page says a call is waiting. role="alert": announced once when it
 * appears. Locked, it names nobody (issue 10 §1); unlocked, "Besvar" jumps to the call's own answer button.
 */
export function RingBanner(props: { count: number; locked: boolean; onAnswer?: () => void }) {
  const { t } = useI18n();
  if (props.count === 0) return null;
  return (
    <div class="ring-banner" role="alert" data-testid="ring-banner">
      <p>
        <Icon name="phone" size={36} /> {t('ring.banner', { count: props.count })}
      </p>
      {props.locked ? (
        <p class="ring-banner-hint">{t('ring.unlockHint')}</p>
      ) : (
        props.onAnswer && (
          <button type="button" class="button button-huge" onClick={props.onAnswer}>
            <Icon name="phone" /> {t('ring.answer')}
          </button>
        )
      )}
    </div>
  );
}
