import { Writable } from 'node:stream';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { createLogger } from '../logger.js';
import { errorHandler } from './problem.js';
import { REQUEST_ID_HEADER, requestId } from './request-id.js';

function app() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  const hono = new Hono();
  hono.onError(errorHandler(createLogger({ level: 'info', destination })));
  hono.use('*', requestId());
  hono.get('/boom', () => {
    throw new Error('database went away');
  });
  hono.get('/gone', () => {
    throw AppError.notFound('Staff member');
  });
  hono.get('/fine', (c) => c.text('ok'));
  return { hono, lines };
}

describe('a request id support can hand to 2nd line', () => {
  it('is on a 500 as header and in the problem body, and the same id is on its log line', async () => {
    const { hono, lines } = app();
    const answer = await hono.request('/boom');
    expect(answer.status).toBe(500);
    const id = answer.headers.get(REQUEST_ID_HEADER);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const body = await answer.json();
    expect(body).toMatchObject({ status: 500, requestId: id });
    expect(JSON.stringify(body)).not.toContain('database went away');
    const line = lines.find((l) => l.msg === 'request failed');
    expect(line).toMatchObject({ requestId: id, path: '/boom' });
  });

  it('is on every answer as a header, different each time, and never taken from the caller', async () => {
    const { hono } = app();
    const ids = new Set<string | null>();
    for (const path of ['/fine', '/gone', '/fine']) {
      const answer = await hono.request(path, { headers: { [REQUEST_ID_HEADER]: 'chosen-by-caller' } });
      ids.add(answer.headers.get(REQUEST_ID_HEADER));
    }
    expect(ids.size).toBe(3);
    expect(ids.has('chosen-by-caller')).toBe(false);
    expect(ids.has(null)).toBe(false);
  });
});
