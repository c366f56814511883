import { z } from 'zod';
import { ProvisioningError } from './errors.js';
import type { StoredSession } from './session-file.js';

const Problem = z.object({ title: z.string().optional(), detail: z.string().optional() }).loose();
const LoginStep = z
  .object({
    stage: z.enum(['second_factor', 'password_change', 'full']),
    csrfToken: z.string(),
    enrolmentRequired: z.boolean().optional(),
  })
  .loose();

export interface CloudReply {
  status: number;
  body: unknown;
}

/**
 * Our cloud's HTTP API, as a person would use it: a session cookie and its CSRF token on every unsafe request,
 * and the Origin header hono/csrf checks. Never imports cloud/ (dependency-cruiser enforces it).
 */
export class CloudClient {
  #cookie: string | null;
  #csrf: string | null;
  readonly baseUrl: string;

  constructor(baseUrl: string, session: Pick<StoredSession, 'cookie' | 'csrfToken'> | null = null) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.#cookie = session?.cookie ?? null;
    this.#csrf = session?.csrfToken ?? null;
  }

  session(): StoredSession | null {
    return this.#cookie && this.#csrf
      ? { baseUrl: this.baseUrl, cookie: this.#cookie, csrfToken: this.#csrf }
      : null;
  }

  /** Password, then TOTP (RFC 6238). A password change or TOTP set-up must be done in the web app first. */
  async login(input: { username: string; password: string; totp: string }): Promise<StoredSession> {
    this.#cookie = null;
    this.#csrf = null;
    const first = LoginStep.safeParse(
      await this.#expect('POST', '/api/auth/login', { username: input.username, password: input.password }),
    );
    if (!first.success) throw ProvisioningError.refused(200, 'unexpected answer to the login');
    this.#csrf = first.data.csrfToken;
    if (first.data.stage === 'password_change') {
      throw ProvisioningError.refused(
        403,
        'your password has expired: change it in the web app, then log in here.',
      );
    }
    if (first.data.stage === 'second_factor') {
      if (first.data.enrolmentRequired) {
        throw ProvisioningError.refused(403, 'set up your authenticator app in the web app first.');
      }
      const full = LoginStep.safeParse(
        await this.#expect('POST', '/api/auth/second-factor/totp', { code: input.totp }),
      );
      if (!full.success || full.data.stage !== 'full')
        throw ProvisioningError.refused(200, 'the login did not complete');
      this.#csrf = full.data.csrfToken;
    }
    const session = this.session();
    if (!session) throw ProvisioningError.refused(200, 'the cloud set no session cookie');
    return session;
  }

  async logout(): Promise<void> {
    if (this.#cookie) await this.request('POST', '/api/auth/logout', {});
    this.#cookie = null;
    this.#csrf = null;
  }

  /** Any status; throws only when the cloud cannot be reached. */
  async request(method: string, path: string, body?: unknown): Promise<CloudReply> {
    const headers: Record<string, string> = {
      origin: new URL(this.baseUrl).origin,
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.#cookie) headers.cookie = this.#cookie;
    if (this.#csrf && method !== 'GET') headers['x-csrf-token'] = this.#csrf;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        redirect: 'manual',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw ProvisioningError.unreachable(this.baseUrl, error);
    }
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? '';
      const value = pair.slice(pair.indexOf('=') + 1);
      this.#cookie = value ? pair : null;
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed };
  }

  /** 2xx answers' bodies; 401 means "log in again"; other statuses carry the cloud's plain-words detail. */
  async #expect(method: string, path: string, body?: unknown): Promise<unknown> {
    const reply = await this.request(method, path, body);
    if (reply.status >= 200 && reply.status < 300) return reply.body;
    const problem = Problem.safeParse(reply.body);
    const detail = problem.success ? (problem.data.detail ?? problem.data.title ?? '') : '';
    if (reply.status === 401 && !path.startsWith('/api/auth/'))
      throw ProvisioningError.notLoggedIn('Your session has ended: run `screenvisit-support login` again.');
    throw ProvisioningError.refused(reply.status, detail || 'no detail given');
  }

  get(path: string) {
    return this.#expect('GET', path);
  }
  post(path: string, body: unknown = {}) {
    return this.#expect('POST', path, body);
  }
  put(path: string, body: unknown) {
    return this.#expect('PUT', path, body);
  }
}
