import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/kernel/errors.js';
import { toProblem } from '../../../src/kernel/http/problem.js';
import {
  type ApiError,
  apiFetch,
  errorMessage,
  fieldErrors,
  isApiError,
  readProblem,
  retryAfterSeconds,
} from './api.js';

const t = (key: string, values?: Record<string, string | number>) =>
  `${key}${values ? JSON.stringify(values) : ''}`;
const problemJson = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json' } });
const caught = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
};

describe('readProblem (RFC 9457)', () => {
  it('reads the detail, title and field problems the cloud sends', async () => {
    const problem = await readProblem(
      problemJson(400, {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: 'code: expected XXXX-XXXX-XXXX',
        errors: [{ path: 'code', message: 'expected XXXX-XXXX-XXXX' }, { path: 1 }],
      }),
    );
    expect(problem).toMatchObject({
      title: 'Bad Request',
      status: 400,
      detail: 'code: expected XXXX-XXXX-XXXX',
    });
    expect(problem.errors).toEqual([{ path: 'code', message: 'expected XXXX-XXXX-XXXX' }]);
  });

  it('hands a form the field messages exactly as the cloud’s error mapper sends them', async () => {
    // The wire shape comes from the server's own mapper, so a renamed member on either side fails here.
    const sent = toProblem(
      AppError.invalidInput('Some fields are missing or invalid.', [
        { path: 'initials', message: 'højst fire bogstaver' },
        { path: 'nightWatch.poolId', message: 'skal udfyldes' },
      ]),
      '/api/citizens',
    );
    const e = await caught(
      apiFetch('/api/citizens', { parse: () => null }, async () => problemJson(400, sent)),
    );
    expect(fieldErrors(e)).toEqual({
      initials: 'højst fire bogstaver',
      'nightWatch.poolId': 'skal udfyldes',
    });
    expect(fieldErrors(new Error('x'))).toEqual({});
  });

  it('ignores members of the wrong type and survives a non-JSON error page (§3.1)', async () => {
    expect(await readProblem(problemJson(503, { detail: 42, type: 7 }))).toMatchObject({
      type: 'about:blank',
      status: 503,
      detail: undefined,
    });
    const html = await readProblem(
      new Response('<h1>Bad gateway</h1>', { status: 502, statusText: 'Bad Gateway' }),
    );
    expect(html).toMatchObject({ status: 502, title: 'Bad Gateway', detail: undefined });
  });
});

describe('apiFetch', () => {
  it('returns the parsed body of a 2xx answer and sends JSON', async () => {
    let sent: RequestInit | undefined;
    const body = await apiFetch(
      '/api/x',
      { method: 'POST', body: { a: 1 }, parse: (j) => (j as { ok: boolean }).ok },
      async (_url, init) => {
        sent = init;
        return Response.json({ ok: true });
      },
    );
    expect(body).toBe(true);
    expect(sent?.body).toBe('{"a":1}');
  });

  it('turns an error answer into an ApiError whose message a person sees is the server detail', async () => {
    const e = await caught(
      apiFetch('/api/x', { parse: () => null }, async () => problemJson(401, { detail: 'Wrong password.' })),
    );
    expect(isApiError(e) && e.reason === 'problem' && e.status === 401).toBe(true);
    expect(errorMessage(e, t)).toBe('Wrong password.');
    const bare = await caught(
      apiFetch('/api/x', { parse: () => null }, async () => new Response('', { status: 500 })),
    );
    expect(errorMessage(bare, t)).toBe('error.status{"status":500}');
  });

  it('tells a network failure and an unreadable answer apart', async () => {
    const down = await caught(
      apiFetch('/api/x', { parse: () => null }, async () => {
        throw new TypeError('fetch failed');
      }),
    );
    expect((down as ApiError).reason).toBe('network');
    expect(errorMessage(down, t)).toBe('error.network');
    const html = await caught(apiFetch('/api/x', { parse: () => null }, async () => new Response('<html>')));
    expect((html as ApiError).reason).toBe('unexpected');
    const wrongShape = await caught(
      apiFetch(
        '/api/x',
        {
          parse: () => {
            throw new Error('bad shape');
          },
        },
        async () => Response.json({}),
      ),
    );
    expect(errorMessage(wrongShape, t)).toBe('error.unexpected');
  });
});

describe('Retry-After (RFC 9110 §10.2.3)', () => {
  it('reads delay-seconds and an HTTP-date, and carries it on the ApiError of a 429', async () => {
    expect(retryAfterSeconds('12')).toBe(12);
    expect(retryAfterSeconds('Sat, 01 Mar 2025 10:00:30 GMT', Date.parse('2025-03-01T10:00:00Z'))).toBe(30);
    expect(retryAfterSeconds('soon')).toBeUndefined();
    expect(retryAfterSeconds(null)).toBeUndefined();
    const throttled = new Response(JSON.stringify({ detail: 'Too many attempts.' }), {
      status: 429,
      headers: { 'content-type': 'application/problem+json', 'retry-after': '4' },
    });
    const e = await caught(apiFetch('/api/x', { parse: () => null }, async () => throttled));
    expect((e as ApiError).retryAfterSeconds).toBe(4);
  });
});
