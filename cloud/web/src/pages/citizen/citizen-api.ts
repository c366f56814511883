import { z } from 'zod/mini';
import { apiFetch, PASSIVE } from '../../shared/api.js';

/** The citizen's own routes (cloud/src/citizens/citizen-routes.ts). The credential is an HttpOnly cookie. */
export const LoginResult = z.object({
  sessionStarted: z.boolean(),
  needs: z.optional(z.enum(['pin', 'totp'])),
  csrfToken: z.optional(z.string()),
});
export type LoginResult = z.infer<typeof LoginResult>;

const Me = z.object({
  displayName: z.string(),
  /** Set only when the citizen may call a night-watch pool (cloud/src/citizens/night-watch-pool.ts). */
  nightWatchPoolId: z.optional(z.nullable(z.string())),
  /** Set only when the citizen may call their guide or team (cloud/src/citizens/callable-staff.ts). */
  callStaff: z.optional(
    z.nullable(
      z.object({
        kind: z.enum(['guide', 'team']),
        to: z.object({ kind: z.enum(['staff', 'pool']), id: z.string() }),
      }),
    ),
  ),
});
export type Me = z.infer<typeof Me>;

export function activate(code: string): Promise<LoginResult> {
  return apiFetch('/api/citizen/activate', {
    method: 'POST',
    body: { code },
    parse: (j) => LoginResult.parse(j),
  });
}

const SessionInfo = z.object({
  authenticated: z.boolean(),
  kind: z.optional(z.enum(['staff', 'citizen'])),
  csrfToken: z.optional(z.string()),
});

/** Logs in on a bound browser; with `factor`, the PIN or the authenticator code the level asks for. */
export async function startSession(factor?: { pin: string } | { totp: string }): Promise<LoginResult> {
  // A session cookie may already be there (a reload, or the page opened again from a call notification):
  // keep that session, or send its CSRF token along, since the cloud refuses unsafe requests without it.
  const current = await apiFetch('/api/auth/session', {
    headers: PASSIVE,
    parse: (j) => SessionInfo.parse(j),
  }).catch(() => null);
  if (!factor && current?.authenticated && current.kind === 'citizen')
    return { sessionStarted: true, ...(current.csrfToken ? { csrfToken: current.csrfToken } : {}) };
  return apiFetch('/api/citizen/session', {
    method: 'POST',
    body: factor ?? {},
    ...(current?.csrfToken ? { headers: { 'x-csrf-token': current.csrfToken } } : {}),
    parse: (j) => LoginResult.parse(j),
  });
}

const Help = z.object({ phone: z.nullable(z.string()) });

/** The municipality's help number (GET /api/citizen/help), or null; a failed read is no number, never an error. */
export function fetchHelpPhone(): Promise<string | null> {
  return apiFetch('/api/citizen/help', { headers: PASSIVE, parse: (j) => Help.parse(j).phone }).catch(
    () => null,
  );
}

export function fetchMe(): Promise<Me> {
  return apiFetch('/api/citizen/me', { parse: (j) => Me.parse(j) });
}

/** `?code=` from the letter's QR code, grouped as the form shows it; then removed from the address bar. */
export function codeFromAddress(location: Pick<Location, 'search'> = window.location): string {
  return new URLSearchParams(location.search).get('code') ?? '';
}
