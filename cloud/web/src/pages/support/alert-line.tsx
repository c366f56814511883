import { useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { type AlertLine, alertGroupText, alertGroupToggleText } from './alert-groups.js';
import { alertItemText } from './alert-item-text.js';
import { alertText } from './alert-text.js';
import type { Alert } from './devices-api.js';
import { useSupportNav } from './support-nav.js';

/** "Alvorlig:" or "Advarsel:" before a line, with its icon. */
export function Severity(props: { severity: Alert['severity'] }) {
  const { t } = useI18n();
  return (
    <strong>
      <Icon name={props.severity === 'critical' ? 'alert' : 'info'} /> {t(`alerts.${props.severity}`)}:
    </strong>
  );
}

/**
 * One alert's sentence, and the button that opens its subject: a person's card, or a kiosk's page. Inside an
 * opened group `text` is the short line (alert-item-text.ts) in place of the whole sentence.
 */
export function AlertBody(props: { alert: Alert; now: Date; text?: string }) {
  const { t, language } = useI18n();
  const nav = useSupportNav();
  const a = props.alert;
  return (
    <>
      {props.text ?? alertText(t, language, a, props.now)}
      {nav && a.subject.kind === 'staff' && (
        <>
          {' '}
          <button
            type="button"
            class="button button-secondary"
            onClick={() => nav.openStaff({ id: a.subject.id, name: a.subject.name })}
          >
            <Icon name="user" /> {t('alerts.openStaff', { name: a.subject.name })}
          </button>
        </>
      )}
      {nav && a.subject.kind === 'citizen' && (
        <>
          {' '}
          <button
            type="button"
            class="button button-secondary"
            onClick={() => nav.openCitizen({ id: a.subject.id, name: a.subject.name }, null)}
          >
            <Icon name="user" /> {t('alerts.openCitizen', { name: a.subject.name })}
          </button>
        </>
      )}
      {nav && a.subject.kind === 'device' && (
        <>
          {' '}
          <button type="button" class="button button-secondary" onClick={() => nav.openKiosk(a.subject.id)}>
            <Icon name="tablet" /> {t('alerts.openKiosk', { name: a.subject.name })}
          </button>
        </>
      )}
    </>
  );
}

/**
 * Many alerts of one kind as one line, "12 borgere har aldrig brugt ScreenVisit.", and a disclosure button
 * (WAI-ARIA APG disclosure pattern: a real button with aria-expanded and aria-controls) that shows the one-line-
 * per-person list under it, each short (the name and what differs: the group's line says the rest) with its own
 * "Åbn …". The button is described by the group's sentence, so two
 * groups' buttons ("Vis de 12 borgere" for never used and for not used lately) are told apart by a screen reader.
 * Closed by default: the point of the group is a short page; it stays as support left it across re-reads.
 */
export function AlertGroupLine(props: { group: Extract<AlertLine, { kind: 'many' }>; now: Date }) {
  const { t, language } = useI18n();
  const [open, setOpen] = useState(false);
  const { group } = props;
  const id = `alert-group-${group.key}`;
  return (
    <li class={`alert-${group.severity} alert-group`}>
      <Severity severity={group.severity} />{' '}
      <span id={`${id}-text`}>{alertGroupText(t, language, group, props.now)}</span>{' '}
      <button
        type="button"
        class="button button-secondary"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls={`${id}-list`}
        aria-describedby={`${id}-text`}
        onClick={() => setOpen(!open)}
      >
        <Icon name="users" /> {alertGroupToggleText(t, group, open)}
      </button>
      <ul id={`${id}-list`} class="alert-group-list" hidden={!open}>
        {group.alerts.map((a) => (
          <li key={`${a.kind}-${a.subject.id}`}>
            <AlertBody alert={a} now={props.now} text={alertItemText(t, language, group.key, a, props.now)} />
          </li>
        ))}
      </ul>
    </li>
  );
}
