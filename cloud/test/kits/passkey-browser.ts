import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';

/**
 * Test support for the passkey e2e suite: a real Chromium page with a CDP virtual authenticator
 * (Chrome DevTools Protocol, WebAuthn domain), and the ceremonies run through the browser's own
 * navigator.credentials. Nothing here is used by the server.
 */
export type Json = Record<string, unknown>;

export interface AuthenticatorPage {
  readonly page: Page;
  readonly cdp: CDPSession;
  readonly authenticatorId: string;
  /** navigator.credentials.create with options as JSON; the credential as JSON (PublicKeyCredential.toJSON). */
  create(options: Json): Promise<Json>;
  get(options: Json): Promise<Json>;
  credentials(): Promise<VirtualCredential[]>;
  close(): Promise<void>;
}

export interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
}

/** A fresh browser context on `url` with its own internal, user-verifying CTAP2 authenticator. */
export async function openAuthenticatorPage(
  browser: Browser,
  url: string,
  options: { credentials?: readonly VirtualCredential[] } = {},
): Promise<AuthenticatorPage> {
  const context: BrowserContext = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(url);
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  for (const credential of options.credentials ?? []) {
    await cdp.send('WebAuthn.addCredential', { authenticatorId, credential });
  }
  return {
    page,
    cdp,
    authenticatorId,
    create: (json) =>
      page.evaluate(async (o) => {
        const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(o as never);
        const credential = (await navigator.credentials.create({ publicKey })) as PublicKeyCredential;
        return credential.toJSON() as Json;
      }, json),
    get: (json) =>
      page.evaluate(async (o) => {
        const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(o as never);
        const credential = (await navigator.credentials.get({ publicKey })) as PublicKeyCredential;
        return credential.toJSON() as Json;
      }, json),
    credentials: async () =>
      (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials as VirtualCredential[],
    close: () => context.close(),
  };
}

/** Cookie and CSRF headers for the session a response just set (the `__Host-` session cookie). */
export function sessionFromResponse(res: Response, origin: string): Record<string, string> {
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => /sv_session=./.test(c));
  if (!cookie) throw new Error('the response set no session cookie');
  return { cookie, origin, 'content-type': 'application/json' };
}
