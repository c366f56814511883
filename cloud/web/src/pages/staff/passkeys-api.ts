import { z } from 'zod/mini';
import { apiFetch } from '../../shared/api.js';

/**
 * The person's own passkeys (cloud/src/auth/passkeys/routes.ts): list, add (the registration ceremony runs in
 * the browser between `registrationOptions` and `registerPasskey`) and remove. Needs a full session; every
 * unsafe call carries the CSRF token.
 */
export const PasskeyView = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.nullable(z.string()),
});
export type PasskeyView = z.infer<typeof PasskeyView>;

const PasskeyList = z.object({ passkeys: z.array(PasskeyView) });
const CeremonyOptions = z.looseObject({ challenge: z.string() });
const csrf = (token: string) => ({ 'x-csrf-token': token });

export function listPasskeys(signal?: AbortSignal): Promise<readonly PasskeyView[]> {
  return apiFetch('/api/auth/passkeys', {
    ...(signal ? { signal } : {}),
    parse: (j) => PasskeyList.parse(j).passkeys,
  });
}

export function registrationOptions(csrfToken: string) {
  return apiFetch('/api/auth/passkeys/registration/options', {
    method: 'POST',
    headers: csrf(csrfToken),
    parse: (j) => CeremonyOptions.parse(j),
  });
}

export function registerPasskey(csrfToken: string, name: string, response: unknown): Promise<PasskeyView> {
  return apiFetch('/api/auth/passkeys/registration/verify', {
    method: 'POST',
    headers: csrf(csrfToken),
    body: { name, response },
    parse: (j) => PasskeyView.parse(j),
  });
}

export function removePasskey(csrfToken: string, id: string): Promise<null> {
  return apiFetch(`/api/auth/passkeys/${encodeURIComponent(id)}`, {
    method: 'DELETE',
    headers: csrf(csrfToken),
    parse: () => null,
  });
}
