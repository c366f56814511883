import { z } from 'zod/mini';
import { apiFetch } from '../../shared/api.js';

/**
 * The staff login routes of the cloud (cloud/src/auth/login, totp, password, passkeys, routes.ts). Every unsafe
 * call carries the session's CSRF token (`x-csrf-token`); the session itself is the HttpOnly cookie.
 */
export const PASSIVE_HEADER = 'x-sv-passive';

const Factor = z.enum(['passkey', 'totp', 'recovery']);
export type Factor = z.infer<typeof Factor>;

export const LoginStep = z.object({
  stage: z.enum(['second_factor', 'password_change', 'full']),
  csrfToken: z.string(),
  factors: z.array(Factor),
  enrolmentRequired: z.boolean(),
  /** With stage password_change: why (a temporary one-time password, or an expired one). */
  passwordChange: z.optional(z.enum(['temporary', 'expired'])),
});
export type LoginStep = z.infer<typeof LoginStep>;

const FullSession = z.object({ stage: z.literal('full'), csrfToken: z.string() });

export const Enrolment = z.object({
  otpauthUri: z.string(),
  qrCodeDataUrl: z.string().check(z.startsWith('data:image/')),
  secret: z.string(),
  expiresAt: z.string(),
});
export type Enrolment = z.infer<typeof Enrolment>;

const Confirmed = z.object({
  recoveryCodes: z.array(z.string()),
  stage: z.literal('full'),
  csrfToken: z.optional(z.string()),
});

export const SessionInfo = z.object({
  authenticated: z.boolean(),
  kind: z.optional(z.enum(['staff', 'citizen'])),
  role: z.optional(z.string()),
  displayName: z.optional(z.string()),
  id: z.optional(z.string()),
  username: z.optional(z.string()),
  stage: z.optional(z.enum(['second_factor', 'password_change', 'full'])),
  csrfToken: z.optional(z.string()),
  idleTimeoutSeconds: z.optional(z.number()),
  idleExpiresAt: z.optional(z.string()),
  expiresAt: z.optional(z.string()),
  locked: z.optional(z.boolean()),
  unlockPin: z.optional(z.boolean()),
  unlockPasskey: z.optional(z.boolean()),
  /** A staff member's full session: a night-watch console of her own, and pools she leads (start page tiles). */
  nightWatch: z.optional(z.object({ console: z.boolean(), watch: z.boolean() })),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

const CeremonyOptions = z.looseObject({ challenge: z.string() });

const csrf = (token: string) => ({ 'x-csrf-token': token });
const none = () => null;

export function login(username: string, password: string): Promise<LoginStep> {
  return apiFetch('/api/auth/login', {
    method: 'POST',
    body: { username, password },
    parse: (j) => LoginStep.parse(j),
  });
}

export function startTotpEnrolment(csrfToken: string, signal?: AbortSignal): Promise<Enrolment> {
  return apiFetch('/api/auth/totp/enrol', {
    method: 'POST',
    headers: csrf(csrfToken),
    ...(signal ? { signal } : {}),
    parse: (j) => Enrolment.parse(j),
  });
}

export function confirmTotp(csrfToken: string, code: string) {
  return apiFetch('/api/auth/totp/confirm', {
    method: 'POST',
    headers: csrf(csrfToken),
    body: { code },
    parse: (j) => Confirmed.parse(j),
  });
}

export function secondFactor(csrfToken: string, method: 'totp' | 'recovery', code: string) {
  return apiFetch(`/api/auth/second-factor/${method}`, {
    method: 'POST',
    headers: csrf(csrfToken),
    body: { code },
    parse: (j) => FullSession.parse(j),
  });
}

/** The passkey ceremony runs in the browser between the two calls (navigator.credentials.get). */
export function passkeyOptions(csrfToken: string) {
  return apiFetch('/api/auth/second-factor/passkey/options', {
    method: 'POST',
    headers: csrf(csrfToken),
    parse: (j) => CeremonyOptions.parse(j),
  });
}

export function verifyPasskey(csrfToken: string, response: unknown) {
  return apiFetch('/api/auth/second-factor/passkey/verify', {
    method: 'POST',
    headers: csrf(csrfToken),
    body: { response },
    parse: (j) => FullSession.parse(j),
  });
}

/**
 * In stage password_change the answer is the next login step (second factor, with a new CSRF token). `current`
 * is null for the first password after an invitation (the account has none to confirm).
 */
export function changeExpiredPassword(
  csrfToken: string,
  current: string | null,
  next: string,
): Promise<LoginStep> {
  return apiFetch('/api/auth/password', {
    method: 'POST',
    headers: csrf(csrfToken),
    body: current === null ? { next } : { current, next },
    parse: (j) => LoginStep.parse(j),
  });
}

/** Opens a staff invitation (cloud/src/auth/invites): the answer is the password_change step. */
export function openInvitation(token: string): Promise<LoginStep> {
  return apiFetch('/api/auth/invite', {
    method: 'POST',
    body: { token },
    parse: (j) => LoginStep.parse(j),
  });
}

/**
 * The invitation token from `#invitation=…` (a fragment, so it never reaches a server log or a Referer), and
 * the address without it, so a reload or a bookmark cannot try it again.
 */
export function takeInvitationToken(location: Pick<Location, 'hash'>): string | null {
  const m = /^#invitation=(svinv_[A-Za-z0-9_-]{43})$/.exec(location.hash);
  return m ? m[1]! : null;
}

/**
 * `passive`: the idle-warning poll, which must not count as activity (or the warning would keep the session
 * alive by itself). Without it, the call is activity: "Stay logged in" uses exactly that.
 */
export function fetchSession(options: { passive: boolean; signal?: AbortSignal }): Promise<SessionInfo> {
  return apiFetch('/api/auth/session', {
    headers: options.passive ? { [PASSIVE_HEADER]: '1' } : {},
    ...(options.signal ? { signal: options.signal } : {}),
    parse: (j) => SessionInfo.parse(j),
  });
}

export function logout(csrfToken: string, everywhere: boolean): Promise<null> {
  return apiFetch(everywhere ? '/api/auth/logout-everywhere' : '/api/auth/logout', {
    method: 'POST',
    headers: csrf(csrfToken),
    parse: none,
  });
}
