import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { CallIcon } from '../../shared/call/call-icons.js';
import type { CallPhase } from '../../shared/call/call-session.js';
import { startRingTone } from '../../shared/call/ring-tone.js';
import { useI18n } from '../../shared/i18n-context.js';

type Incoming = Extract<CallPhase, { kind: 'incoming' }>;

/**
 * The ringing screen, made for people with cognitive challenges: who is calling, in large letters; ONE very
 * large green button; a small "not now". Focus starts on the answer button, so Enter or Space answers. With
 * an auto-answer policy, a countdown says plainly that the call will start by itself.
 */
export function IncomingCall(props: { phase: Incoming; onAnswer: () => void; onNotNow: () => void }) {
  const { t } = useI18n();
  const answer = useRef<HTMLButtonElement>(null);
  const [left, setLeft] = useState(() =>
    props.phase.autoAnswerAfterMs === undefined ? null : Math.ceil(props.phase.autoAnswerAfterMs / 1000),
  );
  const onAnswer = useRef(props.onAnswer);
  onAnswer.current = props.onAnswer;

  useLayoutEffect(() => answer.current?.focus(), []);
  useEffect(() => {
    const tone = startRingTone();
    return () => tone.stop();
  }, []);
  useEffect(() => {
    const ms = props.phase.autoAnswerAfterMs;
    if (ms === undefined) return;
    const deadline = Date.now() + ms;
    const tick = window.setInterval(() => {
      const remaining = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      setLeft(remaining);
      if (remaining === 0) {
        window.clearInterval(tick);
        onAnswer.current();
      }
    }, 250);
    return () => window.clearInterval(tick);
  }, [props.phase.callId]);

  return (
    <section class="incoming" aria-labelledby="incoming-heading" data-testid="incoming-call">
      <div class="caller-avatar" aria-hidden="true">
        {initials(props.phase.name)}
      </div>
      <h2 id="incoming-heading" class="incoming-name">
        <CallIcon name="bell" size={32} /> {t('incoming.title', { name: props.phase.name })}
      </h2>
      {left !== null && (
        <p class="countdown" role="timer" aria-live="polite" data-testid="auto-answer">
          {t('incoming.autoAnswer', { count: left })}
        </p>
      )}
      <button ref={answer} type="button" class="button answer-button" onClick={props.onAnswer}>
        <CallIcon name="phone" size={48} /> {t('incoming.answer')}
      </button>
      <button type="button" class="button button-secondary not-now" onClick={props.onNotNow}>
        {t('incoming.notNow')}
      </button>
    </section>
  );
}

/** Letters for the round picture when there is no photo: "Mette Hjemmepleje" → "MH". */
function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('');
}
