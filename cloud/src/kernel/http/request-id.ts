import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'hono';

/** The header that carries a request's id back to the caller (and on to support's escalation to 2nd line). */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Gives every request an id of our own, on the answer as `X-Request-Id` and beside any log line about it: a 500
 * answers with no details (problem.ts), so the id is how support's report finds its log line (docs/operations.md
 * "When support escalates"). Never taken from the caller: a chosen id could point 2nd line at someone else's line.
 */
export function requestId() {
  return async function requestIdMiddleware(c: Context, next: Next) {
    const id = randomUUID();
    c.set('requestId', id);
    c.header(REQUEST_ID_HEADER, id);
    await next();
  };
}

/** The request's id; an app without the middleware (a test's small app) gets one made here. */
export function requestIdOf(c: Context): string {
  const id = c.get('requestId') as string | undefined;
  if (id) return id;
  const made = randomUUID();
  c.set('requestId', made);
  c.header(REQUEST_ID_HEADER, made);
  return made;
}
