import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { CallIcon } from '../../shared/call/call-icons.js';
import type { CallPhase } from '../../shared/call/call-session.js';
import { startRingTone } from '../../shared/call/ring-tone.js';
import { useI18n } from '../../shared/i18n-context.js';
import { dayRing } from './day-ring.js';

type Incoming = Extract<CallPhase, { kind: 'incoming' }>;

/**
 * A citizen calls this person or the team (issue 15 §2): who is calling and whom (day-ring.ts), answer (focused,
 * so Enter answers) and decline, with the ring tone. A team call rings every member logged in; the first to
 * answer takes it and the others see "… tog opkaldet" (call.taken). Decline only stops it here while colleagues
 * still ring. The page shows only rings it can answer (CallDesk passes dayRing to the call session).
 */
export function StaffIncoming(props: { phase: Incoming; onAnswer: () => void; onDecline: () => void }) {
  const { t } = useI18n();
  const to = dayRing(props.phase) ?? 'unsaid';
  const answer = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => answer.current?.focus(), []);
  useEffect(() => {
    const tone = startRingTone();
    return () => tone.stop();
  }, []);
  return (
    <section
      class="panel staff-incoming"
      aria-labelledby="incoming-heading"
      data-testid="incoming-call"
      data-to={to}
    >
      <h2 id="incoming-heading">
        <CallIcon name="phone" /> {t(`calls.incoming.${to}`, { name: props.phase.name })}
      </h2>
      <p>{t(`calls.incomingHint.${to}`)}</p>
      <div class="call-controls">
        <button ref={answer} type="button" class="button button-success call-button" onClick={props.onAnswer}>
          <CallIcon name="phone" size={32} /> {t('calls.answer')}
        </button>
        <button type="button" class="button button-secondary call-button" onClick={props.onDecline}>
          <CallIcon name="hangUp" size={32} /> {t('calls.decline')}
        </button>
      </div>
    </section>
  );
}
