/** The care domain's error vocabulary (style.md item 8): one class, a reason enum, a guard. */
export const CareErrorReason = [
  'invalid_input',
  'not_found',
  'not_a_pool_member',
  'not_a_pool',
  'staff_disabled',
  'already_decided',
  'invalid_transition',
  'not_connected',
] as const;
export type CareErrorReason = (typeof CareErrorReason)[number];

export class CareError extends Error {
  override readonly name = 'CareError';
  constructor(
    readonly reason: CareErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  static invalidInput(message: string, cause?: unknown): CareError {
    return new CareError('invalid_input', message, { cause });
  }
  static notFound(what: string): CareError {
    return new CareError('not_found', `${what} was not found`);
  }
}

export function isCareError(e: unknown): e is CareError {
  return e instanceof CareError;
}
