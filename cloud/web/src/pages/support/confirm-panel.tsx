import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { ActionError } from './parts.js';

/**
 * The question in place, before an action that cannot be undone from here (closing a citizen or a staff member,
 * ending a care relation): its heading takes focus (WCAG 2.2 SC 2.4.3), the text says what happens, the
 * confirming button names the action and the other one goes back. `error`: the cloud's refusal, shown in the
 * question it answers.
 */
export function ConfirmPanel(props: {
  id: string;
  heading: string;
  yes: string;
  no: string;
  busy: boolean;
  error?: string | null;
  onCancel: () => void;
  onConfirm: () => void;
  children: ComponentChildren;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section
      class="panel confirm"
      role="alertdialog"
      aria-labelledby={`${props.id}-heading`}
      aria-describedby={`${props.id}-text`}
    >
      <h4 id={`${props.id}-heading`} tabIndex={-1} ref={heading}>
        {props.heading}
      </h4>
      <div id={`${props.id}-text`}>{props.children}</div>
      {props.error !== undefined && <ActionError error={props.error} />}
      <div class="actions">
        <button
          type="button"
          class="button button-danger"
          aria-disabled={props.busy}
          onClick={props.onConfirm}
        >
          {props.yes}
        </button>
        <button type="button" class="button button-secondary" onClick={props.onCancel}>
          {props.no}
        </button>
      </div>
    </section>
  );
}
