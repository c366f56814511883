/**
 * The cloud's one error vocabulary. Actions and routes throw AppError; the single error mapper (http/problem.ts)
 * turns it into RFC 9457 problem+json. Anything else becomes a 500 with no detail and no stack trace.
 */
export const ErrorCodes = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;
export type ErrorCode = keyof typeof ErrorCodes;

export interface FieldProblem {
  readonly path: string;
  readonly message: string;
  /** The zod issue behind the message, so the error mapper can say it in the reader's language. Not sent. */
  readonly issue?: unknown;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    /** Safe to show to the client: never personal data, never internals. */
    readonly detail: string,
    options: { cause?: unknown; fields?: readonly FieldProblem[] } = {},
  ) {
    super(detail, { cause: options.cause });
    this.status = ErrorCodes[code];
    this.fields = options.fields;
  }
  readonly fields: readonly FieldProblem[] | undefined;

  static invalidInput(detail: string, fields?: readonly FieldProblem[]) {
    return new AppError('invalid_input', detail, { fields });
  }
  static unauthenticated(detail = 'Log in first.') {
    return new AppError('unauthenticated', detail);
  }
  static forbidden(detail = 'You are not allowed to do this.') {
    return new AppError('forbidden', detail);
  }
  static notFound(what: string) {
    return new AppError('not_found', `${what} was not found.`);
  }
  static conflict(detail: string) {
    return new AppError('conflict', detail);
  }
  static gone(detail: string) {
    return new AppError('gone', detail);
  }
  static rateLimited(detail = 'Too many attempts. Wait a moment and try again.') {
    return new AppError('rate_limited', detail);
  }
  static unavailable(detail: string, cause?: unknown) {
    return new AppError('unavailable', detail, { cause });
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Start-up failures (port in use, database unreachable, database too new): one paragraph, then exit non-zero. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function isStartupError(e: unknown): e is StartupError {
  return e instanceof StartupError;
}
