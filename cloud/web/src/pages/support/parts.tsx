import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { errorMessage } from '../../shared/api.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon, type IconName } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';

/** A sentence for the person (already translated), thrown inside `run` when a form is not complete. */
export class UserMessage extends Error {
  override readonly name = 'UserMessage';
}

/** Runs one request at a time and keeps the sentence to show when it fails (the server's own `detail`). */
export function useAction() {
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
      setError(e instanceof UserMessage ? e.message : errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
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
}) {
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
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </div>
  );
}

/** A local calendar date as YYYY-MM-DD (the stats routes take local dates). */
export function isoDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
