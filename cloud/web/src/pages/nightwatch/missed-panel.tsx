import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { useMunicipalTime } from '../../shared/use-municipal-time.js';
import type { CallBack } from './call-queue.js';
import { MISSED_AT } from './missed-when.js';
import type { MissedCall } from './nightwatch-api.js';

/** Missed calls not yet called back, oldest first, each with a call-back button (call.place to the citizen). */
export function MissedPanel(props: {
  missed: readonly MissedCall[] | undefined;
  failed: boolean;
  callBack: CallBack | null;
  busy: boolean;
  onCallBack: (call: MissedCall) => void;
}) {
  const { t } = useI18n();
  const municipal = useMunicipalTime();
  // In municipal time like the shifts beside it (issue 10 §5), the zone said when the browser's differs: a
  // console in UTC showed a call at 00:30 Sunday in Copenhagen as "lør. 23.30", the day before. With its date
  // (missed-when.ts): the list reaches back weeks.
  const when = (iso: string) => municipal(iso, MISSED_AT);
  return (
    <section class="panel" aria-labelledby="missed-heading">
      <h2 id="missed-heading">
        <Icon name="alert" /> {t('missed.heading')}
      </h2>
      {props.callBack && (
        <p role="status" data-testid="calling-back">
          {t('missed.calling', { name: props.callBack.name })}
        </p>
      )}
      {props.missed === undefined ? (
        <p>{props.failed ? t('missed.failed') : t('loading')}</p>
      ) : props.missed.length === 0 ? (
        <p>{t('missed.none')}</p>
      ) : (
        <ul class="ringing-list" data-testid="missed-calls">
          {props.missed.map((m) => (
            <li key={m.callId} class="ringing">
              <span class="ringing-name">
                <Icon name="user" /> {m.citizenName}{' '}
                <span class="muted-inline">{t('missed.at', { time: when(m.placedAt) })}</span>
              </span>
              <button
                type="button"
                class="button"
                aria-disabled={props.busy}
                onClick={() => {
                  if (!props.busy) props.onCallBack(m);
                }}
              >
                <Icon name="phone" /> {t('missed.callBack', { name: m.citizenName })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
