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
  /** One step: the newest code from the authenticator app. Rejects with the server's problem. */
  unlock(code: string): Promise<void>;
  /** The console says whether its person is on duty (no idle warning then: locking loses nothing). */
  reportOnDuty(onDuty: boolean): void;
}

export const ConsoleLockContext = createContext<ConsoleLock>({
  locked: false,
  unlock: () => Promise.resolve(),
  reportOnDuty: () => undefined,
});

export const useConsoleLock = () => useContext(ConsoleLockContext);

export function unlockConsole(csrfToken: string, code: string): Promise<null> {
  return apiFetch('/api/auth/unlock', {
    method: 'POST',
    headers: { 'x-csrf-token': csrfToken },
    body: { code },
    parse: () => null,
  });
}
