import { useEffect, useState } from 'preact/hooks';
import { CallSession, type CallSessionOptions, type CallSnapshot } from './call-session.js';
import { SignallingClient, type SignallingOptions } from './signalling.js';

/** A passive session check (not activity): reconnect only while the session lives. A network error: try. */
export async function stillLoggedIn(): Promise<boolean> {
  try {
    const answer = await fetch('/api/auth/session', {
      headers: { accept: 'application/json', 'x-sv-passive': '1' },
      credentials: 'same-origin',
    });
    if (!answer.ok) return answer.status !== 401 && answer.status !== 403;
    return ((await answer.json()) as { authenticated?: unknown }).authenticated === true;
  } catch {
    return true;
  }
}

export interface CallHandle {
  readonly session: CallSession | null;
  readonly snapshot: CallSnapshot | null;
}

/**
 * One signalling link and call session for a logged-in page, while `enabled`. Closing the page (or logging
 * out) closes the socket and ends any call, so nothing keeps sending media behind a login screen.
 */
export function useCallSession(
  enabled: boolean,
  options: { signalling?: SignallingOptions; session?: Omit<CallSessionOptions, 'signalling'> } = {},
): CallHandle {
  const [handle, setHandle] = useState<CallHandle>({ session: null, snapshot: null });
  useEffect(() => {
    if (!enabled) return;
    const signalling = new SignallingClient({ beforeReconnect: stillLoggedIn, ...options.signalling });
    const session = new CallSession({ ...options.session, signalling });
    setHandle({ session, snapshot: session.snapshot });
    const off = session.subscribe((snapshot) => setHandle({ session, snapshot }));
    const end = () => session.hangUp();
    window.addEventListener('pagehide', end);
    return () => {
      window.removeEventListener('pagehide', end);
      off();
      session.hangUp();
      session.dispose();
      signalling.close();
      setHandle({ session: null, snapshot: null });
    };
    // The options are read once per link; changing them mid-call would drop the call.
  }, [enabled]);
  return handle;
}
