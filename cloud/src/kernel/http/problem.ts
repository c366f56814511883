import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, isAppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { localiseProblem } from './problem-texts/localise.js';
import { requestIdOf } from './request-id.js';

/**
 * The single error mapper: every failure leaves as RFC 9457 problem+json. An AppError carries a detail that is
 * safe for the client; anything else is logged server-side and answered with a bare 500, never a stack trace,
 * carrying only the request's id (also its X-Request-Id header and on the log line) so 2nd line finds the line.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: readonly { path: string; message: string }[];
  /** A 500's only detail: the id on its log line and in the X-Request-Id header, for support to pass on. */
  requestId?: string;
  /** Not sent as a member: becomes the Content-Language header. */
  language?: 'da' | 'en';
}

const TITLES: Record<number, string> = {
  400: 'Invalid input',
  401: 'Not logged in',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload too large',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

export function problemResponse(c: Context, problem: Problem): Response {
  // RFC 9110 §8.5: say which language the texts are in (the mapper picks it from Accept-Language).
  if (problem.language) c.header('content-language', problem.language);
  const { language: _, ...body } = problem;
  // RFC 9457 §3: the media type is application/problem+json.
  return c.body(JSON.stringify(body), problem.status as ContentfulStatusCode, {
    'content-type': 'application/problem+json',
    // An oversized body was not read to its end: the connection cannot carry another request (RFC 9110 §15.5.14).
    ...(problem.status === 413 ? { connection: 'close' } : {}),
  });
}

export function toProblem(error: unknown, instance: string): Problem {
  if (isAppError(error)) {
    return {
      // RFC 9457 §3.1.1: a relative URI reference identifies the problem type.
      type: `/problems/${error.code}`,
      title: TITLES[error.status] ?? error.code,
      status: error.status,
      detail: error.detail,
      instance,
      ...(error.fields ? { errors: error.fields.map((f) => ({ path: f.path, message: f.message })) } : {}),
    };
  }
  if (error instanceof HTTPException && error.status < 500) {
    // Hono's own 4xx (e.g. "Malformed JSON in request body" from the validator): a client error, said plainly.
    const status = error.status;
    return {
      type: `/problems/http-${status}`,
      title: TITLES[status] ?? 'Bad request',
      status,
      detail: error.message,
      instance,
    };
  }
  return { type: '/problems/internal', title: TITLES[500]!, status: 500, instance };
}

export function errorHandler(log: Logger) {
  return function onError(error: Error, c: Context): Response {
    const problem = toProblem(error, new URL(c.req.url).pathname);
    if (problem.status >= 500) {
      const requestId = requestIdOf(c);
      log.error({ err: error, path: problem.instance, requestId }, 'request failed');
      problem.requestId = requestId;
    }
    const fields = isAppError(error) ? error.fields : undefined;
    return problemResponse(c, localiseProblem(problem, fields, c.req.header('accept-language')));
  };
}

export function notFoundHandler(c: Context): Response {
  const problem = toProblem(AppError.notFound('This address'), new URL(c.req.url).pathname);
  return problemResponse(c, localiseProblem(problem, undefined, c.req.header('accept-language')));
}
