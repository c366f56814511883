import { dutySince } from '../../shared/duty-since.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { useMunicipalTime } from '../../shared/use-municipal-time.js';
import type { OnDuty, Shift } from './nightwatch-api.js';

/**
 * The duty button says where you are AND what pressing it does ("Du er på vagt — Gå af vagt", issue 10 §5): a
 * tired person must not have to work out whether a lit button means "on" or "press to go on". Pressing it is also
 * the gesture that lets the console ring out loud later (ring-alert.ts).
 */
export function DutyPanel(props: { onDuty: boolean | undefined; busy: boolean; onToggle: () => void }) {
  const { t } = useI18n();
  const on = props.onDuty === true;
  return (
    <section class="panel" aria-labelledby="duty-heading">
      <h2 id="duty-heading">
        <Icon name="power" /> {t('duty.heading')}
      </h2>
      <button
        type="button"
        aria-disabled={props.busy || props.onDuty === undefined}
        class={on ? 'button button-huge' : 'button button-huge button-secondary'}
        data-testid="duty-toggle"
        onClick={() => {
          if (!props.busy && props.onDuty !== undefined) props.onToggle();
        }}
      >
        <Icon name={on ? 'check' : 'power'} size={32} />{' '}
        {props.onDuty === undefined ? (
          t('loading')
        ) : (
          <span>
            {on ? t('duty.on') : t('duty.off')} — <strong>{on ? t('duty.goOff') : t('duty.goOn')}</strong>
          </span>
        )}
      </button>
      <p role="status" class="duty-state" data-testid="duty-state">
        <strong>{props.onDuty === undefined ? t('loading') : on ? t('duty.on') : t('duty.off')}</strong>
      </p>
    </section>
  );
}

// Shifts and "since" times in municipal time (issue 10 §5): the roster and the day plan are planned in
// Europe/Copenhagen, so a laptop set to another zone must not shift 22:00 to 21:00. When the browser's zone
// differs, the zone is said next to the times (useMunicipalTime).
const HOUR_MINUTE = { hour: '2-digit', minute: '2-digit' } as const;

/** "Who is on duty now", refreshed by the caller; no aria-live (re-announcing a list every 5 s drowns a reader). */
export function OnDutyList(props: { list: OnDuty | undefined; failed: boolean }) {
  const { t } = useI18n();
  const municipal = useMunicipalTime();
  // Read at each render (the list refreshes every few seconds); a duty older than a shift gets its date.
  const since = (iso: string) => {
    const shown = dutySince(iso, Date.now());
    return t(shown.dated ? 'pool.sinceDay' : 'pool.since', { time: municipal(iso, shown.options) });
  };
  return (
    <section class="panel" aria-labelledby="pool-heading">
      <h2 id="pool-heading">
        <Icon name="users" /> {t('pool.heading')}
      </h2>
      {props.list === undefined ? (
        <p>{props.failed ? t('pool.failed') : t('loading')}</p>
      ) : props.list.length === 0 ? (
        <p data-testid="nobody-on-duty">{t('pool.nobody')}</p>
      ) : (
        <ul class="people" data-testid="on-duty">
          {props.list.map((m) => (
            <li key={m.staffId}>
              <Icon name="user" /> <strong>{m.displayName}</strong>{' '}
              <span class="muted-inline">{since(m.since)}</span>
              {!m.reachable && (
                <span class="badge-warning" data-testid="not-reachable">
                  <Icon name="alert" /> {t('pool.notReachable')}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** "When do I have the watch?": my shifts in the next 14 days, in municipal time. */
export function RosterPanel(props: { shifts: readonly Shift[] | undefined; failed: boolean }) {
  const { t } = useI18n();
  const municipal = useMunicipalTime();
  const day = (iso: string) => municipal(iso, { weekday: 'long', day: 'numeric', month: 'long' });
  return (
    <section class="panel" aria-labelledby="roster-heading">
      <h2 id="roster-heading">
        <Icon name="clock" /> {t('roster.heading')}
      </h2>
      {props.shifts === undefined ? (
        <p>{props.failed ? t('roster.failed') : t('loading')}</p>
      ) : props.shifts.length === 0 ? (
        <p>{t('roster.none')}</p>
      ) : (
        <ul class="people" data-testid="my-watches">
          {props.shifts.map((s) => (
            <li key={s.id}>
              <strong>{day(s.startsAt)}</strong>{' '}
              {t('roster.span', {
                // One note after the span covers both times.
                from: municipal(s.startsAt, HOUR_MINUTE, { zoneNote: false }),
                to: municipal(s.endsAt, HOUR_MINUTE),
              })}{' '}
              · {s.poolName}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
