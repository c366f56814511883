import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';

/**
 * On a kiosk's page while it waits to be fetched from a closed citizen's home (cloud devices/closed-citizen-loan.ts):
 * what happened and one large button for "I have it" (POST /api/devices/{id}/collected), which takes it off the
 * kiosk list's "Skal hentes" and Advarsler.
 */
export function CollectPanel(props: {
  label: string;
  /** What closing the citizen did to it, from collectText (kiosk-borrower.ts). */
  text: string;
  busy: boolean;
  onCollected: () => void;
}) {
  const { t } = useI18n();
  return (
    <div class="panel" data-testid="collect-panel">
      <h3>
        <Icon name="alert" /> {t('kiosk.collectHeading')}
      </h3>
      <p>{props.text}</p>
      <button type="button" class="button" aria-disabled={props.busy} onClick={props.onCollected}>
        <Icon name="check" /> {t('kiosk.collected', { label: props.label })}
      </button>
    </div>
  );
}
