/** Why a message did not reach its provider. The code is then not marked as sent and cannot be redeemed. */
export type DeliveryFailure =
  | 'not_configured'
  | 'rejected'
  | 'timeout'
  | 'unreachable'
  | 'malformed_response';

export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    readonly reason: DeliveryFailure,
    readonly provider: string,
    /** The provider's HTTP status, when it answered. */
    readonly status: number | null = null,
    options: { cause?: unknown } = {},
  ) {
    super(`${provider}: ${reason}${status === null ? '' : ` (HTTP ${status})`}`, options);
  }

  static rejected(provider: string, status: number) {
    return new DeliveryError('rejected', provider, status);
  }
  static timeout(provider: string, cause?: unknown) {
    return new DeliveryError('timeout', provider, null, { cause });
  }
  static unreachable(provider: string, cause?: unknown) {
    return new DeliveryError('unreachable', provider, null, { cause });
  }
  static malformed(provider: string, status: number, cause?: unknown) {
    return new DeliveryError('malformed_response', provider, status, { cause });
  }
}

export function isDeliveryError(e: unknown): e is DeliveryError {
  return e instanceof DeliveryError;
}
