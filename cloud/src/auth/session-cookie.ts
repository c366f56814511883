import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/**
 * The session cookie: HttpOnly (no script reads it), Secure, SameSite=Strict, host-only. With Secure on, the
 * `__Host-` prefix makes the browser refuse it unless it is Secure, path=/ and has no Domain (RFC 6265bis §4.1.3.2).
 * Browsers treat http://localhost as a secure context, so the demo keeps Secure cookies too.
 */
export function cookieName(secure: boolean): string {
  return secure ? '__Host-sv_session' : 'sv_session';
}

export function readSessionCookie(c: Context, secure: boolean): string | undefined {
  return getCookie(c, cookieName(secure));
}

export function writeSessionCookie(c: Context, token: string, secure: boolean): void {
  setCookie(c, cookieName(secure), token, { httpOnly: true, secure, sameSite: 'Strict', path: '/' });
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, cookieName(secure), { path: '/', secure });
}

/**
 * CSRF token bound to the session (OWASP "signed double-submit cookie" variant): an HMAC of a fixed label
 * keyed by the session token. Scripts on our origin get it from GET /api/auth/session and send it as
 * `x-csrf-token`; a cross-site page can neither read the cookie nor compute the HMAC.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('screenvisit csrf v1').digest('base64url');
}

export function csrfMatches(sessionToken: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
