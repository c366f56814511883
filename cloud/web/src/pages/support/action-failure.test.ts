import { Writable } from 'node:stream';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { errorHandler } from '../../../../src/kernel/http/problem.js';
import { REQUEST_ID_HEADER, requestId } from '../../../../src/kernel/http/request-id.js';
import { createLogger } from '../../../../src/kernel/logger.js';
import { ApiError, apiFetch } from '../../shared/api.js';
import { createI18n } from '../../shared/i18n.js';
import { failureText, UserMessage } from './action-failure.js';
import { supportStrings } from './strings.js';

const da = createI18n(supportStrings, 'da').t;
const en = createI18n(supportStrings, 'en').t;

/** A failed call against the cloud's own error mapper: a route that throws something unforeseen answers 500. */
async function serverError(): Promise<{ error: unknown; id: string }> {
  const hono = new Hono();
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  hono.onError(errorHandler(createLogger({ level: 'silent', destination: quiet })));
  hono.use('*', requestId());
  hono.post('/api/citizens', () => {
    throw new Error('database went away');
  });
  let id = '';
  try {
    await apiFetch('/api/citizens', { method: 'POST', parse: () => null }, async (path, init) => {
      const answer = await hono.request(path, init);
      id = answer.headers.get(REQUEST_ID_HEADER) ?? '';
      return answer;
    });
  } catch (error) {
    return { error, id };
  }
  throw new Error('expected the call to fail');
}

describe('what a failed support action says', () => {
  it('says a form’s own message in the language the page shows now, though it failed while the page was Danish', () => {
    const failure = new UserMessage('citizen.nameMissing');
    expect(failureText(failure, da)).toBe(da('citizen.nameMissing'));
    expect(failureText(failure, en)).toBe(en('citizen.nameMissing'));
    expect(failureText(failure, en)).not.toBe(failureText(failure, da));
  });

  it('says a lost connection in the page’s language of the moment', () => {
    const offline = ApiError.network(new Error('offline'));
    expect(failureText(offline, en)).not.toBe(failureText(offline, da));
  });

  it('gives a server error’s id, so support can quote it to 2nd line, in the page’s language', async () => {
    const { error, id } = await serverError();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const danish = failureText(error, da);
    expect(danish).toContain(`Fejl-id: ${id}`);
    expect(danish).toContain('2. linje');
    const english = failureText(error, en);
    expect(english).toContain(`Error id: ${id}`);
    expect(english).toContain('2nd line');
  });

  it('adds no id to a refusal support can act on itself', async () => {
    const refused = await apiFetch('/api/x', { parse: () => null }, async () =>
      Response.json(
        { status: 409, detail: 'Borgeren er lukket.' },
        { status: 409, headers: { [REQUEST_ID_HEADER]: 'abc' } },
      ),
    ).catch((e: unknown) => e);
    expect(failureText(refused, da)).toBe('Borgeren er lukket.');
  });
});
