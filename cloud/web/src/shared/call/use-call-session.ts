import { useEffect, useState } from 'preact/hooks';
import { browserResumeStore } from './call-resume.js';
import { CallSession, type CallSessionOptions, type CallSnapshot } from './call-session.js';
import { SignallingClient, type SignallingOptions } from './signalling.js';

/**
 * A passive session check (not activity): reconnect only while the session lives. A network error: try. A
 * LOCKED night-watch console's session lives too: the cloud lets it re-open its socket so it still rings
 * (realtime/ws/authenticator.ts); read as "logged out", a network blip during the lock left it deaf for good.
 */
export async function stillLoggedIn(fetchSession: typeof fetch = fetch): Promise<boolean> {
  try {
    const answer = await fetchSession('/api/auth/session', {
      headers: { accept: 'application/json', 'x-sv-passive': '1' },
      credentials: 'same-origin',
    });
    if (!answer.ok) return answer.status !== 401 && answer.status !== 403;
    const session = (await answer.json()) as { authenticated?: unknown; locked?: unknown };
    return session.authenticated === true || session.locked === true;
  } catch {
    return true;
  }
}

/**
 * The browser says the network changed: back online, or (Network Information API, Android Chrome) a new
 * connection type such as wifi -> cellular. Its bandwidth estimates change all the time; those are ignored.
 */
function onNetworkChange(listener: () => void): () => void {
  const connection = (navigator as { connection?: EventTarget & { type?: string } }).connection;
  let type = connection?.type;
  const typeChanged = () => {
    if (connection?.type === undefined || connection.type === type) return;
    type = connection.type;
    listener();
  };
  window.addEventListener('online', listener);
  connection?.addEventListener('change', typeChanged);
  return () => {
    window.removeEventListener('online', listener);
    connection?.removeEventListener('change', typeChanged);
  };
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
    const resumeStore = browserResumeStore();
    const signalling = new SignallingClient({
      beforeReconnect: stillLoggedIn,
      ...(resumeStore ? { resumeStore } : {}),
      ...options.signalling,
    });
    const session = new CallSession({
      ...(resumeStore ? { resumeStore } : {}),
      ...options.session,
      signalling,
    });
    setHandle({ session, snapshot: session.snapshot });
    const off = session.subscribe((snapshot) => setHandle({ session, snapshot }));
    // A reload keeps a running call (call-resume.ts); anything else on screen is hung up.
    const leave = () => session.leavePage();
    window.addEventListener('pagehide', leave);
    const offNetwork = onNetworkChange(() => {
      // Wi-Fi <-> 4G: the old socket may look open for minutes. A fresh one resumes the call at once, and the
      // cloud's `call.accepted` makes the caller restart ICE on the new network (reconnect.ts).
      if (session.snapshot.phase.kind === 'active') signalling.reconnectNow();
    });
    return () => {
      offNetwork();
      window.removeEventListener('pagehide', leave);
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
