import { request } from 'node:http';

/**
 * A tiny HTTP client for the auth integration tests: it can connect FROM a chosen loopback address (Linux
 * routes all of 127/8 to lo), keeps the session cookie and CSRF token like a browser would, and never throws on
 * an HTTP status. Node's fetch cannot pick its source address without undici's Agent, which is not installed.
 */
export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown> & { [key: string]: unknown };
}

export function send(
  base: string,
  path: string,
  options: {
    method?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    from?: string;
  } = {},
): Promise<Reply> {
  const url = new URL(path, base);
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: options.method ?? 'POST',
        localAddress: options.from,
        headers: {
          origin: base,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Reply['json'] = {};
          try {
            json = text ? (JSON.parse(text) as Reply['json']) : {};
          } catch {
            // not JSON: the test looks at text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** One browser: remembers the session cookie and the CSRF token from the last login step. */
export class Browser {
  cookie: string | null = null;
  csrf: string | null = null;
  constructor(
    readonly base: string,
    readonly from?: string,
    readonly extraHeaders: Record<string, string> = {},
  ) {}

  async call(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<Reply> {
    const reply = await send(this.base, path, {
      method,
      body,
      ...(this.from ? { from: this.from } : {}),
      headers: {
        ...this.extraHeaders,
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}),
      },
    });
    const setCookie = reply.headers['set-cookie'];
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const pair = line.split(';')[0]!;
      this.cookie = pair.endsWith('=') ? null : pair;
    }
    if (typeof reply.json.csrfToken === 'string') this.csrf = reply.json.csrfToken;
    return reply;
  }

  post(path: string, body: unknown = {}) {
    return this.call(path, body, 'POST');
  }
}
