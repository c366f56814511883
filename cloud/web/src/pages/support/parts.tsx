import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { fieldErrors } from '../../shared/api.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon, type IconName } from '../../shared/icons.js';
import { municipalDate } from '../../shared/municipal-date.js';
import { Notice } from '../../shared/notice.js';
import { failureText } from './action-failure.js';

export { UserMessage } from './action-failure.js';

/**
 * Runs one request at a time and keeps what went wrong when it fails, put into words each time it is shown
 * (action-failure.ts), so `error` follows the page's language: a sentence translated when the action failed
 * stayed Danish after the person chose English. Also the server's message per field (`fields`, keyed by the
 * request's field path) for TextField's `error`.
 */
export function useAction() {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  const error = failure && failureText(failure.error, t);
  const [fields, setFields] = useState<Readonly<Record<string, string>>>({});
  const run = async (action: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    setFields({});
    try {
      await action();
    } catch (e) {
      setFailure({ error: e });
      setFields(fieldErrors(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, fields, run };
}

export function ActionError(props: { error: string | null }) {
  return props.error ? (
    <Notice kind="error">
      <p data-testid="action-error">{props.error}</p>
    </Notice>
  ) : null;
}

export function Section(props: { id: string; icon: IconName; title: string; children: ComponentChildren }) {
  return (
    <section class="panel" aria-labelledby={`${props.id}-heading`}>
      <h2 id={`${props.id}-heading`}>
        <Icon name={props.icon} /> {props.title}
      </h2>
      {props.children}
    </section>
  );
}

export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  type?: 'text' | 'number' | 'date' | 'tel';
  hint?: string;
  /** The server's message for this field after a failed save; shown under the field and read with it. */
  error?: string | undefined;
}) {
  // WCAG 3.3.1: the error is text next to the field, tied to it with aria-describedby and aria-invalid.
  const described = [props.hint && `${props.id}-hint`, props.error && `${props.id}-error`].filter(Boolean);
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p id={`${props.id}-hint`} class="hint">
          {props.hint}
        </p>
      )}
      <input
        id={props.id}
        // Preact types each input type separately; the union is fine at runtime.
        type={(props.type ?? 'text') as 'text'}
        value={props.value}
        aria-describedby={described.length > 0 ? described.join(' ') : undefined}
        aria-invalid={props.error ? true : undefined}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      {props.error && (
        <p id={`${props.id}-error`} class="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** The municipal calendar date as YYYY-MM-DD (the stats and planning routes take municipal dates). */
export const isoDate = municipalDate;
