import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** A person at the test IdP. `claims` go into the ID token (like AD FS / Entra ID put upn there). */
export interface TestIdpAccount {
  readonly password: string;
  readonly claims: Record<string, unknown>;
}

export interface TestIdp {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly accounts: Map<string, TestIdpAccount>;
  /** Requests that reached the token endpoint: shows whether a refused callback ever redeemed a code. */
  tokenRequests(): number;
  close(): Promise<void>;
}

const CLIENT_ID = 'screenvisit-test';

/**
 * A real oidc-provider 9 on an ephemeral loopback port (http issuer: tests only), with our callback registered
 * as the client's redirect URI. Its login page is an HTML form like a municipal AD FS: username, password and
 * an optional one-time code. Filling the code makes the login multi-factor, which the provider reports in the
 * ID token's `amr` (RFC 8176: `otp`, `mfa`). devInteractions are off because they cannot set amr.
 */
export async function startTestIdp(redirectUri: string): Promise<TestIdp> {
  const accounts = new Map<string, TestIdpAccount>();
  const clientSecret = randomBytes(24).toString('base64url');
  let tokenRequests = 0;
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      return account ? { accountId: sub, claims: () => ({ sub, ...account.claims }) } : undefined;
    },
    // Always put amr/acr/auth_time in the ID token, as AD FS and Entra ID do (oidc-provider by default only
    // sends them when the client asks through the `claims` request parameter).
    claims: {
      openid: ['sub', 'amr', 'acr', 'auth_time'],
      profile: ['preferred_username', 'upn', 'name'],
      email: ['email'],
    },
    // Put profile claims in the ID token (as AD FS and Entra ID do), not only at userinfo.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    pkce: { required: () => true },
  });
  const oidc = provider.callback();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname === '/token') tokenRequests++;
    if (!url.pathname.startsWith('/interaction/')) return oidc(req, res);
    interaction(provider, accounts, req, res, url).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });

  return {
    issuer,
    clientId: CLIENT_ID,
    clientSecret,
    accounts,
    tokenRequests: () => tokenRequests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function interaction(
  provider: Provider,
  accounts: Map<string, TestIdpAccount>,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(
      details.prompt.name === 'login'
        ? `<form method="post" action="${url.pathname}"><input name="username"><input name="password" type="password"><input name="otp"><button>Log ind</button></form>`
        : `<form method="post" action="${url.pathname}"><button>Tillad</button></form>`,
    );
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  if (details.prompt.name === 'login') {
    const username = form.get('username') ?? '';
    const account = accounts.get(username);
    if (!account || account.password !== form.get('password')) {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const amr = form.get('otp') ? ['pwd', 'otp', 'mfa'] : ['pwd'];
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: username, amr } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  // Consent, as oidc-provider's own dev interaction grants it.
  const grant = details.grantId
    ? (await provider.Grant.find(details.grantId))!
    : new provider.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id });
  const missingScope = details.prompt.details.missingOIDCScope as string[] | undefined;
  const missingClaims = details.prompt.details.missingOIDCClaims as string[] | undefined;
  if (missingScope) grant.addOIDCScope(missingScope.join(' '));
  if (missingClaims) grant.addOIDCClaims(missingClaims);
  await provider.interactionFinished(
    req,
    res,
    { consent: { grantId: await grant.save() } },
    { mergeWithLastSubmission: true },
  );
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}
