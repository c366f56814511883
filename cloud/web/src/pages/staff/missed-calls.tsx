import { useCallback, useEffect, useState } from 'preact/hooks';
import { CallIcon } from '../../shared/call/call-icons.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { formatClockTime } from '../../shared/municipal-date.js';
import { fetchMissedCalls, type MissedCall } from './missed-calls-api.js';

/**
 * The citizens who tried to reach this member or their team and got nobody, with a button to call back. A
 * carer out on her round rarely has the page open when a citizen presses "Ring til hjemmeplejen": without this
 * list her try left no trace anywhere the team looks. Re-read with the plan (passively) and whenever a call ends.
 */
export function MissedCalls(props: {
  disabled: boolean;
  /** Changes when a call starts or ends: the list is read again (a call back removes her once it connects). */
  refreshKey: unknown;
  rereadMs: number;
  onCall: (missed: MissedCall) => void;
}) {
  const { t, language } = useI18n();
  const [missed, setMissed] = useState<MissedCall[]>([]);
  const load = useCallback(async (signal: AbortSignal, passive: boolean) => {
    try {
      setMissed(await fetchMissedCalls(signal, passive));
    } catch {
      // A failed read keeps the list as it was; the next one tries again (the plan shows the link's state).
    }
  }, []);
  useEffect(() => {
    const abort = new AbortController();
    void load(abort.signal, true);
    const timer = setInterval(() => void load(abort.signal, true), props.rereadMs);
    return () => {
      clearInterval(timer);
      abort.abort();
    };
  }, [load, props.refreshKey, props.rereadMs]);

  if (missed.length === 0) return null;
  return (
    <section class="missed-calls" aria-labelledby="missed-heading" data-testid="missed-calls">
      <h3 id="missed-heading">
        <Icon name="alert" /> {t('missed.heading')}
      </h3>
      <p class="muted">{t('missed.hint')}</p>
      <ul class="plan">
        {missed.map((m) => (
          <li key={m.citizenId} class="plan-row">
            <span class="plan-who">
              <strong>{m.citizenName}</strong>{' '}
              {t(m.today ? 'missed.today' : 'missed.yesterday', {
                time: formatClockTime(m.localTime, language),
              })}
              {m.attempts > 1 && ` ${t('missed.attempts', { count: m.attempts })}`}
            </span>
            {m.callable ? (
              <button
                type="button"
                class="button plan-call"
                aria-disabled={props.disabled}
                onClick={() => !props.disabled && props.onCall(m)}
              >
                <CallIcon name="phone" /> {t('missed.callBack', { name: m.citizenName })}
              </button>
            ) : (
              <span class="muted">{t('missed.notNow', { name: m.citizenName })}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
