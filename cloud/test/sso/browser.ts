import { request } from 'node:http';

export interface Page {
  readonly url: URL;
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/**
 * Just enough of a browser for the SSO flow over real HTTP: a cookie jar per origin, manual redirects, HTML form
 * posts, and a chosen loopback source address (to test the staff network allow-list with real connections).
 */
export class TestBrowser {
  readonly jar = new Map<string, Map<string, string>>();
  constructor(public localAddress = '127.0.0.1') {}

  cookies(origin: string): Map<string, string> {
    const cookies = this.jar.get(origin) ?? new Map<string, string>();
    this.jar.set(origin, cookies);
    return cookies;
  }

  send(url: URL, init: { method?: string; form?: Record<string, string> } = {}): Promise<Page> {
    const body = init.form ? new URLSearchParams(init.form).toString() : undefined;
    const cookie = [...this.cookies(url.origin)].map(([k, v]) => `${k}=${v}`).join('; ');
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: init.method ?? 'GET',
          localAddress: this.localAddress,
          headers: {
            ...(cookie ? { cookie } : {}),
            ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => {
            this.store(url.origin, res.headers['set-cookie'] ?? []);
            resolve({ url, status: res.statusCode ?? 0, headers: res.headers, body: text });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Follows redirects until a page that is not one, or until `stopAt` says the next URL is for the test to open. */
  async follow(
    start: URL,
    stopAt: (next: URL) => boolean = () => false,
  ): Promise<{ page: Page; next?: URL }> {
    let page = await this.send(start);
    for (let hops = 0; hops < 20; hops++) {
      const location = page.headers.location;
      if (page.status < 300 || page.status >= 400 || typeof location !== 'string') return { page };
      const next = new URL(location, page.url);
      if (stopAt(next)) return { page, next };
      page = await this.send(next);
    }
    throw new Error('too many redirects');
  }

  /** Submits the page's (first) HTML form with the given fields, then follows the redirects. */
  async submit(page: Page, fields: Record<string, string>, stopAt?: (next: URL) => boolean) {
    const action = /<form[^>]*action="([^"]+)"/.exec(page.body)?.[1];
    if (!action) throw new Error(`no form on ${page.url.href}: ${page.body.slice(0, 200)}`);
    const posted = await this.send(new URL(action, page.url), { method: 'POST', form: fields });
    const location = posted.headers.location;
    if (typeof location !== 'string') return { page: posted };
    const next = new URL(location, posted.url);
    if (stopAt?.(next)) return { page: posted, next };
    return this.follow(next, stopAt);
  }

  private store(origin: string, setCookies: string[]): void {
    const cookies = this.cookies(origin);
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
  }
}
