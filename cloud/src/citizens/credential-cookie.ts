import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/**
 * The citizen's device-bound credential: its own cookie, separate from the session cookie, so ending a
 * session (idle timeout, logout) keeps the browser bound, while revoking the credential unbinds it.
 * HttpOnly, Secure, SameSite=Strict, host-only (`__Host-` when Secure: RFC 6265bis §4.1.3.2). Max-Age is the
 * 400-day cap browsers apply anyway (RFC 6265bis §5.6.2); every login renews it.
 */
const MAX_AGE_SECONDS = 400 * 24 * 3600;

export function credentialCookieName(secure: boolean): string {
  return secure ? '__Host-sv_citizen_device' : 'sv_citizen_device';
}

export function readCredentialCookie(c: Context, secure: boolean): string | undefined {
  const value = getCookie(c, credentialCookieName(secure));
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

export function writeCredentialCookie(c: Context, token: string, secure: boolean): void {
  setCookie(c, credentialCookieName(secure), token, {
    httpOnly: true,
    secure,
    sameSite: 'Strict',
    path: '/',
    maxAge: MAX_AGE_SECONDS,
  });
}

export function clearCredentialCookie(c: Context, secure: boolean): void {
  deleteCookie(c, credentialCookieName(secure), { path: '/', secure });
}
