import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SSO_ATTEMPT_MS } from './login-attempts.js';

export const SSO_COOKIE_PATH = '/api/auth/sso';

/**
 * The SSO attempt cookie: a random handle to the server-side attempt (state, nonce and PKCE verifier never
 * reach the browser). SameSite=Lax, not Strict: the IdP's redirect back is a cross-site top-level GET, and a
 * Strict cookie would not be sent with it (RFC 6265bis §5.5.7.1). Scoped to the SSO routes and short-lived.
 * `__Secure-` rather than `__Host-`, because `__Host-` demands Path=/.
 */
export function attemptCookieName(secure: boolean): string {
  return secure ? '__Secure-sv_sso' : 'sv_sso';
}

export function writeAttemptCookie(c: Context, handle: string, secure: boolean): void {
  setCookie(c, attemptCookieName(secure), handle, {
    httpOnly: true,
    secure,
    sameSite: 'Lax',
    path: SSO_COOKIE_PATH,
    maxAge: SSO_ATTEMPT_MS / 1000,
  });
}

export function readAttemptCookie(c: Context, secure: boolean): string | undefined {
  return getCookie(c, attemptCookieName(secure));
}

export function clearAttemptCookie(c: Context, secure: boolean): void {
  deleteCookie(c, attemptCookieName(secure), { path: SSO_COOKIE_PATH, secure });
}
