import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon, type IconName } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { loginErrorMessage } from './login-errors.js';

/**
 * The heading of a login step. When a step replaces the previous one, focus moves to its heading so a screen
 * reader announces where the person is now (WCAG 2.4.3 focus order, 4.1.3); on the first page load it does not.
 */
export function StepHeading(props: {
  id: string;
  icon: IconName;
  focus: boolean;
  children: ComponentChildren;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  // On mount only: a re-render of the same step must not pull focus back from the field being typed in.
  useLayoutEffect(() => {
    if (props.focus) ref.current?.focus();
  }, []);
  return (
    <h2 id={props.id} ref={ref} tabIndex={-1}>
      <Icon name={props.icon} /> {props.children}
    </h2>
  );
}

/** A one-time code: digits from an authenticator app, or a recovery code. */
export function CodeField(props: {
  id: string;
  label: string;
  hint: string;
  icon: IconName;
  numeric: boolean;
  value: string;
  invalid: boolean;
  onInput: (value: string) => void;
}) {
  const hintId = `${props.id}-hint`;
  return (
    <div class="field">
      <label for={props.id}>
        <Icon name={props.icon} /> {props.label}
      </label>
      <p id={hintId} class="hint">
        {props.hint}
      </p>
      <input
        id={props.id}
        name={props.id}
        class="one-time-code"
        autocomplete="one-time-code"
        autocapitalize="none"
        spellcheck={false}
        inputMode={props.numeric ? 'numeric' : 'text'}
        maxLength={64}
        aria-describedby={props.invalid ? `${hintId} ${props.id}-error` : hintId}
        aria-invalid={props.invalid}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </div>
  );
}

/** An error under a form, referenced by the field's aria-describedby. */
export function StepError(props: { id: string; message: string | null }) {
  return <div id={props.id}>{props.message && <Notice kind="error">{props.message}</Notice>}</div>;
}

/** Runs one step's request: ignores a second submit while busy, and keeps the sentence to show on failure. */
export function useStepAction(step: 'password' | 'other') {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(loginErrorMessage(e, t, step));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
