import { useLayoutEffect, useRef } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';

/**
 * "You will be logged out in N seconds" (WCAG 2.2.1 Timing Adjustable: warned, and one press extends). A modal
 * <dialog> with role="alertdialog": showModal() makes the rest of the page inert, Escape is "stay", and focus
 * starts on "Stay logged in" so one Enter keeps the session. The count is read once when the dialog opens (its
 * description); a voice counting every second would drown out everything else.
 */
export function IdleWarning(props: {
  seconds: number;
  busy: boolean;
  onStay: () => void;
  onLogout: () => void;
}) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const stay = useRef<HTMLButtonElement>(null);

  useLayoutEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (!d.open) d.showModal();
    stay.current?.focus();
    return () => d.close();
  }, []);

  return (
    <dialog
      ref={dialog}
      class="idle-warning"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="idle-heading"
      aria-describedby="idle-countdown idle-explain"
      onCancel={(e) => {
        e.preventDefault();
        props.onStay();
      }}
    >
      <h2 id="idle-heading">
        <Icon name="clock" /> {t('idle.heading')}
      </h2>
      <p id="idle-countdown" class="countdown">
        {t('idle.countdown', { count: props.seconds })}
      </p>
      <p id="idle-explain">{t('idle.explain')}</p>
      <div class="actions">
        <button ref={stay} class="button" type="button" aria-disabled={props.busy} onClick={props.onStay}>
          <Icon name="check" /> {t('idle.stay')}
        </button>
        <button class="button button-secondary" type="button" onClick={props.onLogout}>
          <Icon name="power" /> {t('idle.logout')}
        </button>
      </div>
    </dialog>
  );
}
