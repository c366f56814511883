import { useEffect, useState } from 'preact/hooks';
import type { CallSnapshot } from '../../shared/call/call-phase.js';
import type { ResumeStore } from '../../shared/call/call-resume.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import {
  browserTimerClock,
  type Connected,
  callTimeDuration,
  connectedSince,
  formatCallTime,
  loadConnected,
  saveConnected,
  type TimerClock,
} from './call-timer.js';

/** How often the time on screen moves on. */
export const CALL_TIME_TICK_MS = 1_000;

/**
 * "Samtaletid 03:25" on the staff member's call screen, from the moment the call is connected (call-timer.ts).
 * role="timer" is not live (aria-live off): a screen reader reads it when the person goes to it, never every
 * second over the conversation. Nothing is shown while it rings or connects.
 */
export function CallTime(props: { snapshot: CallSnapshot; clock?: TimerClock; store?: ResumeStore }) {
  const { t } = useI18n();
  const clock = props.clock ?? browserTimerClock;
  const [kept, setKept] = useState<Connected | null>(() => loadConnected(props.store));
  const since = connectedSince(kept, props.snapshot.phase, props.snapshot.media, clock.now());
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    if (!since || since === kept) return;
    setKept(since);
    saveConnected(since, props.store);
  }, [since?.callId, since?.at]);
  useEffect(() => {
    if (!since) return;
    setNow(clock.now());
    const tick = clock.setInterval(() => setNow(clock.now()), CALL_TIME_TICK_MS);
    return () => clock.clearInterval(tick);
  }, [since?.callId]);
  if (!since) return null;
  const elapsed = Math.max(0, now - since.at);
  return (
    <p class="call-time" data-testid="call-time">
      <Icon name="clock" /> <span id="call-time-label">{t('calls.time')}</span>{' '}
      <time role="timer" aria-labelledby="call-time-label" dateTime={callTimeDuration(elapsed)}>
        {formatCallTime(elapsed)}
      </time>
    </p>
  );
}
