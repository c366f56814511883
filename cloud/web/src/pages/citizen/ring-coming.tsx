import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { ringFromAddress } from './push.js';

/** How long the page waits for the woken call's ring before saying it has ended (login + socket + hello). */
const WAIT_MS = 12_000;

/**
 * Opened from the call notification (`?ring=<callId>`): the home screen says the call is coming while the
 * page logs in and its socket says hello (the cloud then rings it: calls/reconnect.ts ringLate). When the ring
 * shows, this screen is replaced by the ringing screen; if the call ended meanwhile, it says so plainly.
 */
export function RingComing() {
  const { t } = useI18n();
  const [ring] = useState(() => ringFromAddress());
  const [gone, setGone] = useState(false);
  useEffect(() => {
    if (!ring) return;
    history.replaceState(null, '', window.location.pathname);
    const timer = window.setTimeout(() => setGone(true), WAIT_MS);
    return () => window.clearTimeout(timer);
  }, []);
  if (!ring) return null;
  return (
    <p class="lead ring-coming" role="status" data-testid="ring-coming">
      {gone ? t('ring.gone') : t('ring.coming')}
    </p>
  );
}
