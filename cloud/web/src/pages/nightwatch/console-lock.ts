import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { apiFetch } from '../../shared/api.js';

/**
 * The idle LOCK of an on-duty console (issue 10 §1). The IdleGuard owns it; the console reads it to hide every
 * personal detail while locked (its socket and ring stay alive underneath) and tells the guard whether its
 * person is on duty, since only then is idleness a lock and not a logout (the server decides the same way).
 */
export interface ConsoleLock {
  readonly locked: boolean;
  /** The person has set an unlock PIN: the lock screen asks for it (the app's code stays available). */
  readonly pin: boolean;
  /** One step: the PIN or the newest code from the authenticator app. Rejects with the server's problem. */
  unlock(secret: { pin: string } | { code: string }): Promise<void>;
  /** The console says whether its person is on duty (no idle warning then: locking loses nothing). */
  reportOnDuty(onDuty: boolean): void;
}

export const ConsoleLockContext = createContext<ConsoleLock>({
  locked: false,
  pin: false,
  unlock: () => Promise.resolve(),
  reportOnDuty: () => undefined,
});

export const useConsoleLock = () => useContext(ConsoleLockContext);

export function unlockConsole(csrfToken: string, secret: { pin: string } | { code: string }): Promise<null> {
  return apiFetch('/api/auth/unlock', {
    method: 'POST',
    headers: { 'x-csrf-token': csrfToken },
    body: secret,
    parse: () => null,
  });
}
