/**
 * The hardware package's error vocabulary. Callers branch on `reason`, never on message text:
 * - unavailable: the part or its system support is absent (no GPIO, no gst-launch-1.0, no backlight device);
 * - io: the part exists but a read, write or process failed;
 * - invalid_config: the board configuration is wrong (every problem is listed in `problems`);
 * - invalid_argument: a caller passed a value outside the interface's range (brightness 150, unknown pattern);
 * - closed: the part was used after close().
 */
export const hardwareErrorReasons = [
  'unavailable',
  'io',
  'invalid_config',
  'invalid_argument',
  'closed',
] as const;
export type HardwareErrorReason = (typeof hardwareErrorReasons)[number];

export class HardwareError extends Error {
  override readonly name = 'HardwareError';

  constructor(
    readonly reason: HardwareErrorReason,
    message: string,
    options?: { cause?: unknown; problems?: readonly string[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.problems = options?.problems ?? [];
  }

  readonly problems: readonly string[];

  static unavailable(message: string, cause?: unknown): HardwareError {
    return new HardwareError('unavailable', message, { cause });
  }

  static io(message: string, cause?: unknown): HardwareError {
    return new HardwareError('io', message, { cause });
  }

  static invalidConfig(problems: readonly string[]): HardwareError {
    return new HardwareError('invalid_config', `invalid hardware configuration: ${problems.join('; ')}`, {
      problems,
    });
  }

  static invalidArgument(message: string): HardwareError {
    return new HardwareError('invalid_argument', message);
  }

  static closed(what: string): HardwareError {
    return new HardwareError('closed', `${what} is closed`);
  }
}

export function isHardwareError(e: unknown, reason?: HardwareErrorReason): e is HardwareError {
  return e instanceof HardwareError && (reason === undefined || e.reason === reason);
}
