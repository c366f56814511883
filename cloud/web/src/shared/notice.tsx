import type { ComponentChildren } from 'preact';
import { Icon } from './icons.js';

/** A message box. Errors use role="alert" so a screen reader speaks them at once (WCAG 4.1.3 status messages). */
export function Notice(props: { kind: 'error' | 'info' | 'success'; children: ComponentChildren }) {
  const icon = props.kind === 'error' ? 'alert' : props.kind === 'success' ? 'check' : 'info';
  return (
    <div class={`notice notice-${props.kind}`} role={props.kind === 'info' ? 'status' : 'alert'}>
      <Icon name={icon} />
      <div>{props.children}</div>
    </div>
  );
}
