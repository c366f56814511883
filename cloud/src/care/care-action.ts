import { ZodError } from 'zod';
import { AppError } from '../kernel/errors.js';
import { type CareErrorReason, isCareError } from './index.js';

/**
 * The care core throws CareError (and zod errors from its own schemas); the HTTP layer speaks AppError. Anything
 * left unmapped would become a bare 500, so every care route runs its action through `careAction`.
 */
const STATUS: Record<CareErrorReason, (message: string) => AppError> = {
  invalid_input: (m) => AppError.invalidInput(m),
  not_found: (m) => new AppError('not_found', capitalise(m)),
  not_a_pool_member: () => AppError.forbidden('Only members of this night-watch pool can do this.'),
  not_a_pool: () => AppError.invalidInput('That unit is not a night-watch pool.'),
  staff_disabled: () => AppError.conflict('This staff member is disabled.'),
  already_decided: () => AppError.conflict('This already has an outcome.'),
  invalid_transition: (m) => AppError.conflict(m),
};

const capitalise = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;

export function toAppError(error: unknown): unknown {
  if (isCareError(error)) return STATUS[error.reason](error.message);
  if (error instanceof ZodError)
    return AppError.invalidInput(
      'Some fields are missing or invalid.',
      error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })),
    );
  return error;
}

export async function careAction<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw toAppError(error);
  }
}

/** PostgreSQL unique_violation (SQLSTATE 23505), directly or as the cause of a driver/drizzle error. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 4; i++) {
    if (e.code === '23505') return true;
    e = e.cause as typeof e;
  }
  return false;
}
