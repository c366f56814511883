import { createStaff, sessionFor } from '../fixtures.js';
import type { TestCloud } from '../test-cloud.js';
import type { TestBrowser } from './browser.js';
import type { TestIdp } from './test-idp.js';

export const CALLBACK_PATH = '/api/auth/sso/callback';

/** Sets the municipality's IdP through the real config route, as its support would. */
export async function configureSso(
  t: TestCloud,
  municipalityId: string,
  idp: TestIdp,
  overrides: Record<string, unknown> = {},
): Promise<Response> {
  const support = await createStaff(t, municipalityId, 'support');
  const { headers } = await sessionFor(t, { kind: 'staff', id: support.id, municipalityId });
  return fetch(`${t.base}/api/auth/sso/${municipalityId}/config`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      usernameClaim: 'preferred_username',
      trustIdpMfa: true,
      ...overrides,
    }),
  });
}

/**
 * Start at our start route, log in at the IdP through its HTML forms (login, then consent), and stop at the
 * redirect back to our callback: the test decides how (or from where) the callback is opened.
 */
export async function loginAtIdp(
  browser: TestBrowser,
  t: TestCloud,
  municipalityId: string,
  credentials: { username: string; password: string; otp?: string },
): Promise<URL> {
  const toCallback = (url: URL) => url.pathname === CALLBACK_PATH;
  let step = await browser.follow(new URL(`/api/auth/sso/${municipalityId}/start`, t.base), toCallback);
  for (let forms = 0; !step.next && forms < 3; forms++) {
    const fields: Record<string, string> = step.page.body.includes('name="username"')
      ? { username: credentials.username, password: credentials.password, otp: credentials.otp ?? '' }
      : {};
    step = await browser.submit(step.page, fields, toCallback);
  }
  if (!step.next)
    throw new Error(`the IdP did not send us back: ${step.page.status} ${step.page.body.slice(0, 300)}`);
  return step.next;
}

export async function sessionState(browser: TestBrowser, t: TestCloud) {
  const page = await browser.send(new URL('/api/auth/session', t.base));
  return JSON.parse(page.body) as { authenticated: boolean; stage?: string; kind?: string };
}
