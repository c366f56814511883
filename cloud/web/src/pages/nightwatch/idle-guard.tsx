import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { fetchSession, logout } from '../staff/auth-api.js';
import { IdleWarning } from '../staff/idle-warning.js';
import type { LoggedOutNotice } from '../staff/login-form.js';
import { useIdleWatch } from '../staff/use-idle-watch.js';
import { type ConsoleLock, ConsoleLockContext, unlockConsole, unlockPasskeyOptions } from './console-lock.js';

/** How often a locked console asks whether it is still locked (its person may have gone off duty elsewhere). */
const LOCKED_POLL_MS = 10_000;

/**
 * The customer's rule "staff are logged out after X minutes idle" holds on every staff screen, the night-watch
 * console and the support pages included: their background refreshes are passive, so only a person's own
 * actions keep the session, and this guard shows the same warning as the staff console before the logout.
 * The one exception (issue 10 §1, docs/security.md "Idle lock on duty"): a member ON DUTY is not logged out but
 * LOCKED, so the console keeps its connection and keeps ringing; the server reports `locked` and one code unlocks.
 */
export function IdleGuard(props: {
  csrfToken: string;
  signOut: (notice: LoggedOutNotice) => void;
  /** The page loaded with the session already locked (a reload of a locked console). */
  initiallyLocked?: boolean;
  /** The person has an unlock PIN (the lock screen asks for it first). */
  unlockPin?: boolean;
  /** The person has a passkey ("Lås op med nøgle"). */
  unlockPasskey?: boolean;
  /** After an unlock: the page reads the session again (a console opened locked has no name yet). */
  onUnlocked?: () => void;
  children: ComponentChildren;
}) {
  const [busy, setBusy] = useState(false);
  const [locked, setLocked] = useState(props.initiallyLocked === true);
  const [pin, setPin] = useState(props.unlockPin === true);
  const [passkey, setPasskey] = useState(props.unlockPasskey === true);
  const [onDuty, setOnDuty] = useState(false);
  // A new watch after every unlock: the old one stopped when it saw the lock.
  const [generation, setGeneration] = useState(0);
  const idle = useIdleWatch((reason) => {
    if (reason === 'locked') {
      setLocked(true);
      // Which steps unlock it now (the PIN may have been set since the page loaded).
      void fetchSession({ passive: true }).then(
        (s) => {
          setPin(s.unlockPin === true);
          setPasskey(s.unlockPasskey === true);
        },
        () => undefined,
      );
    } else props.signOut(reason);
  }, generation);
  const stay = async () => {
    setBusy(true);
    await idle.stayLoggedIn();
    setBusy(false);
  };
  const unlocked = () => {
    setLocked(false);
    setGeneration((g) => g + 1);
    props.onUnlocked?.();
  };
  const signOutRef = useRef(props.signOut);
  signOutRef.current = props.signOut;
  const unlockedRef = useRef(unlocked);
  unlockedRef.current = unlocked;
  // While locked, the session is read now and then (passively, so it is no activity). A lock holds only while
  // its person is on duty (the server's session rule): gone off duty on another console, the session has ended,
  // and this screen must not go on saying "Du er stadig på vagt" and answer the right code with "Log ind
  // først." (nightwalk walk). Unlocked in another tab of the same browser, the same session: this one opens too.
  const stillLocked = useRef<() => void>(() => undefined);
  useEffect(() => {
    if (!locked) return;
    const abort = new AbortController();
    const check = () =>
      fetchSession({ passive: true, signal: abort.signal }).then(
        (s) => {
          if (abort.signal.aborted || s.locked) return;
          if (s.authenticated) unlockedRef.current();
          else signOutRef.current('idle');
        },
        () => undefined,
      );
    stillLocked.current = check;
    const timer = window.setInterval(check, LOCKED_POLL_MS);
    return () => {
      stillLocked.current = () => undefined;
      abort.abort();
      window.clearInterval(timer);
    };
  }, [locked]);
  const leave = async () => {
    setBusy(true);
    await logout(props.csrfToken, false).catch(() => null);
    props.signOut('self');
  };
  const lock = useMemo<ConsoleLock>(
    () => ({
      locked,
      pin,
      passkey,
      unlock: async (secret) => {
        try {
          await unlockConsole(props.csrfToken, secret);
        } catch (e) {
          // A wrong code and an ended session are both a 401: the session says which (see the poll above).
          stillLocked.current();
          throw e;
        }
        unlockedRef.current();
      },
      reportOnDuty: setOnDuty,
      passkeyOptions: () => unlockPasskeyOptions(props.csrfToken),
    }),
    [locked, pin, passkey, props.csrfToken],
  );
  return (
    <ConsoleLockContext.Provider value={lock}>
      {props.children}
      {idle.warning && !onDuty && !locked && (
        <IdleWarning
          seconds={idle.seconds}
          busy={busy}
          onStay={() => void stay()}
          onLogout={() => void leave()}
        />
      )}
    </ConsoleLockContext.Provider>
  );
}
