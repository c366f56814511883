import type { ComponentChildren } from 'preact';
import { useId, useRef } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon, type IconName } from '../../shared/icons.js';

/**
 * A destructive action behind a question (issue 12 §2): the button opens a modal <dialog> that says what will
 * happen, with "Cancel" first and the action's own name on the confirming button. The native dialog traps
 * focus, closes on Escape and returns focus to the button (HTML §4.11.4; WCAG 2.2 SC 2.4.3).
 */
export function ConfirmButton(props: {
  label: string;
  icon: IconName;
  title: string;
  text: string;
  disabled?: boolean;
  onConfirm: () => void;
  children?: ComponentChildren;
}) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  return (
    <>
      <button
        type="button"
        class="button button-danger"
        disabled={props.disabled}
        onClick={() => dialog.current?.showModal()}
      >
        <Icon name={props.icon} /> {props.label}
      </button>
      <dialog ref={dialog} class="confirm" aria-labelledby={`${id}-t`} aria-describedby={`${id}-d`}>
        <h3 id={`${id}-t`}>{props.title}</h3>
        <p id={`${id}-d`}>{props.text}</p>
        {props.children}
        <div class="button-row">
          <button type="button" class="button button-secondary" onClick={() => dialog.current?.close()}>
            {t('confirm.cancel')}
          </button>
          <button
            type="button"
            class="button button-danger"
            onClick={() => {
              dialog.current?.close();
              props.onConfirm();
            }}
          >
            <Icon name={props.icon} /> {props.label}
          </button>
        </div>
      </dialog>
    </>
  );
}
