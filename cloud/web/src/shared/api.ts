import type { Translate } from './i18n-context.js';

/** RFC 9457 problem details, as the cloud's error mapper sends them (application/problem+json). */
export interface Problem {
  readonly type: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly instance?: string;
  /** One entry per field that failed validation; the cloud's mapper names this member `errors` (problem.ts). */
  readonly errors?: readonly { path: string; message: string }[];
  /**
   * The id of the server's log line about a 500 (cloud kernel/http/request-id.ts): in the body as `requestId`,
   * and as the X-Request-Id header on every answer. Support quotes it to 2nd line (support/action-failure.ts).
   */
  readonly requestId?: string;
}

/** network: no answer at all; problem: the server answered with an error; unexpected: an answer we cannot read. */
export type ApiErrorReason = 'network' | 'problem' | 'unexpected';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** From a 429 or 503's Retry-After header (RFC 9110 §10.2.3), when the server sent one. */
  readonly retryAfterSeconds: number | undefined;
  constructor(
    readonly reason: ApiErrorReason,
    readonly status: number | undefined,
    readonly problem: Problem | undefined,
    options: { cause?: unknown; retryAfterSeconds?: number | undefined } = {},
  ) {
    super(problem?.detail ?? problem?.title ?? `API ${reason}${status ? ` (${status})` : ''}`, options);
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
  static network(cause: unknown) {
    return new ApiError('network', undefined, undefined, { cause });
  }
  static unexpected(status: number, cause?: unknown) {
    return new ApiError('unexpected', status, undefined, { cause });
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);

/**
 * Reads a problem document from an error response. RFC 9457 §3.1: members of the wrong type are ignored, and a
 * missing "type" means "about:blank". A non-JSON error body (a proxy's HTML page) still yields the status.
 */
export async function readProblem(response: Response): Promise<Problem> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const o = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const errors = Array.isArray(o.errors)
    ? o.errors.filter(
        (f): f is { path: string; message: string } =>
          typeof f?.path === 'string' && typeof f?.message === 'string',
      )
    : undefined;
  return {
    type: str(o.type) ?? 'about:blank',
    title: str(o.title) ?? (response.statusText || undefined),
    status: typeof o.status === 'number' ? o.status : response.status,
    detail: str(o.detail),
    instance: str(o.instance),
    errors,
    requestId: str(o.requestId) ?? str(response.headers.get('x-request-id')),
  };
}

/**
 * Retry-After as whole seconds: either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). Unreadable: undefined.
 */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * Headers for background refreshes (status figures, who is on duty, missed calls): the server does not count
 * them as activity, so the idle logout still follows what the person does (cloud/src/auth/session-middleware.ts).
 */
export const PASSIVE: Readonly<Record<string, string>> = { 'x-sv-passive': '1' };

export interface ApiRequest<T> {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /** Extra request headers, e.g. `x-csrf-token` on unsafe methods. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Validates the JSON answer; throw to reject it. Runs only on 2xx answers with a body. */
  readonly parse: (json: unknown) => T;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * The page's UI language (I18nProvider keeps <html lang> on it) as Accept-Language, so the cloud answers problem
 * texts in the language the person reads, not the browser's (issue 12 §7). None outside a browser.
 */
export function uiLanguageHeader(): Record<string, string> {
  const lang = typeof document === 'undefined' ? '' : document.documentElement.lang;
  return lang ? { 'accept-language': lang } : {};
}

/** Same-origin JSON call to the cloud. Throws ApiError on anything but a readable 2xx answer. */
export async function apiFetch<T>(
  path: string,
  request: ApiRequest<T>,
  fetchImpl: FetchLike = (input, init) => fetch(input, init),
): Promise<T> {
  const init: RequestInit = {
    method: request.method ?? 'GET',
    headers: {
      accept: 'application/json, application/problem+json',
      ...uiLanguageHeader(),
      ...request.headers,
    },
    credentials: 'same-origin',
    signal: request.signal ?? null,
  };
  if (request.body !== undefined) {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify(request.body);
  }
  let response: Response;
  try {
    response = await fetchImpl(path, init);
  } catch (cause) {
    if (request.signal?.aborted) throw cause;
    throw ApiError.network(cause);
  }
  if (!response.ok) {
    throw new ApiError('problem', response.status, await readProblem(response), {
      retryAfterSeconds: retryAfterSeconds(response.headers.get('retry-after')),
    });
  }
  if (response.status === 204) return request.parse(undefined);
  let json: unknown;
  try {
    json = await response.json();
  } catch (cause) {
    throw ApiError.unexpected(response.status, cause);
  }
  try {
    return request.parse(json);
  } catch (cause) {
    throw ApiError.unexpected(response.status, cause);
  }
}

/**
 * The server's message per field of a failed request (path as the cloud writes it, e.g. `initials` or
 * `nightWatch.poolId`), so a form can show each one next to its field. Empty for anything but a 400-style problem.
 */
export function fieldErrors(error: unknown): Readonly<Record<string, string>> {
  if (!isApiError(error) || !error.problem?.errors) return {};
  const out: Record<string, string> = {};
  for (const f of error.problem.errors) out[f.path] ??= f.message;
  return out;
}

/** The sentence to show a person for a failed call: the server's own `detail` when it gave one. */
export function errorMessage(error: unknown, t: Translate): string {
  if (!isApiError(error)) return t('error.unexpected');
  if (error.reason === 'network') return t('error.network');
  if (error.reason === 'unexpected') return t('error.unexpected');
  return error.problem?.detail ?? t('error.status', { status: error.status ?? 0 });
}
