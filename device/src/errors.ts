/**
 * The device's one error vocabulary. Every failure the agent can meet on its own (enrolment, storage, the MQTT
 * session) is a DeviceError with a reason; the agent logs the reason and shows a plain-language screen message.
 */
export const DeviceErrorReason = [
  'enrolment_refused',
  'cloud_unreachable',
  'invalid_response',
  'credential_revoked',
  'storage_failed',
  'invalid_config',
] as const;
export type DeviceErrorReason = (typeof DeviceErrorReason)[number];

export class DeviceError extends Error {
  override readonly name = 'DeviceError';
  constructor(
    readonly reason: DeviceErrorReason,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
  }

  /** The cloud answered the enrolment with a 4xx: a wrong, used or expired code. Retrying will not help. */
  static enrolmentRefused(status: number, detail?: string) {
    return new DeviceError(
      'enrolment_refused',
      `the cloud refused the enrolment code (HTTP ${status}${detail ? `: ${detail}` : ''})`,
    );
  }
  static cloudUnreachable(what: string, cause?: unknown) {
    return new DeviceError('cloud_unreachable', `could not reach the cloud (${what})`, { cause });
  }
  static invalidResponse(what: string) {
    return new DeviceError('invalid_response', `the cloud sent an invalid response (${what})`);
  }
  static credentialRevoked(returnCode: number) {
    return new DeviceError(
      'credential_revoked',
      `the broker refused this device's credential (CONNACK return code ${returnCode})`,
    );
  }
  static storageFailed(what: string, cause?: unknown) {
    return new DeviceError('storage_failed', `could not ${what}`, { cause });
  }

  /** Worth retrying with backoff: the cloud may come back. */
  get retryable(): boolean {
    return this.reason === 'cloud_unreachable';
  }
}

export function isDeviceError(e: unknown): e is DeviceError {
  return e instanceof DeviceError;
}
