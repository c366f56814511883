import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { z } from 'zod/mini';
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
  /** The person has a passkey: the lock screen offers "Lås op med nøgle". */
  readonly passkey: boolean;
  /** One step: a passkey, the PIN or the newest code from the authenticator app. Rejects with the server's problem. */
  unlock(secret: UnlockSecret): Promise<void>;
  /** The passkey step's options (a challenge bound to this session), for navigator.credentials.get. */
  passkeyOptions(): Promise<{ challenge: string }>;
  /** The console says whether its person is on duty (no idle warning then: locking loses nothing). */
  reportOnDuty(onDuty: boolean): void;
}

/** What POST /api/auth/unlock takes: the passkey's answer (navigator.credentials.get), a PIN or an app code. */
export type UnlockSecret = { passkey: unknown } | { pin: string } | { code: string };

export const ConsoleLockContext = createContext<ConsoleLock>({
  locked: false,
  pin: false,
  passkey: false,
  unlock: () => Promise.resolve(),
  passkeyOptions: () => Promise.reject(new Error('no console lock')),
  reportOnDuty: () => undefined,
});

export const useConsoleLock = () => useContext(ConsoleLockContext);

/** The passkey step's challenge, bound to this locked session (POST /api/auth/unlock/passkey/options). */
export function unlockPasskeyOptions(csrfToken: string) {
  return apiFetch('/api/auth/unlock/passkey/options', {
    method: 'POST',
    headers: { 'x-csrf-token': csrfToken },
    parse: (j) => CeremonyOptions.parse(j),
  });
}
const CeremonyOptions = z.looseObject({ challenge: z.string() });

export function unlockConsole(csrfToken: string, secret: UnlockSecret): Promise<null> {
  return apiFetch('/api/auth/unlock', {
    method: 'POST',
    headers: { 'x-csrf-token': csrfToken },
    body: secret,
    parse: () => null,
  });
}
