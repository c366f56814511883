/** Why the kiosk's own screen could not be opened. The agent keeps running without it (ring, buttons, LEDs). */
export const ScreenErrorReason = ['no_display', 'unavailable'] as const;
export type ScreenErrorReason = (typeof ScreenErrorReason)[number];

export class ScreenError extends Error {
  override readonly name = 'ScreenError';
  constructor(
    readonly reason: ScreenErrorReason,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
  }
  static noDisplay(detail: string) {
    return new ScreenError('no_display', `no display to draw on: ${detail}`);
  }
  static unavailable(detail: string, cause?: unknown) {
    return new ScreenError('unavailable', detail, { cause });
  }
}

export function isScreenError(e: unknown): e is ScreenError {
  return e instanceof ScreenError;
}
