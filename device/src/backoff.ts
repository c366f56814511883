/**
 * Reconnect policy in the style of livekit's ReconnectPolicy: asked after each failed attempt, it returns the
 * delay before the next one, or null to give up.
 *
 * Full jitter (delay = random(0, min(cap, base * 2^attempt))) spreads a fleet of kiosks evenly over the window,
 * so a restarted broker is not hit by 1000 reconnects in the same second (AWS Architecture Blog, "Exponential
 * Backoff And Jitter"). MQTT.js alone retries at a fixed 1000 ms, hence reconnectPeriod: 0 and this policy.
 */
export interface ReconnectContext {
  /** Failed attempts so far, 0 for the first retry. */
  readonly retryCount: number;
  /** ms since the connection was lost (or since the first attempt). */
  readonly elapsedMs: number;
}

export interface ReconnectPolicy {
  nextRetryDelayInMs(context: ReconnectContext): number | null;
}

export interface FullJitterOptions {
  baseMs?: number;
  capMs?: number;
  /** Give up after this many retries; the kiosk never gives up by default. */
  maxRetries?: number;
  /** Uniform in [0, 1), injected so tests can pin the bounds. */
  random?: () => number;
}

export const DEFAULT_BACKOFF = { baseMs: 1_000, capMs: 60_000 } as const;

export function fullJitterBackoff(options: FullJitterOptions = {}): ReconnectPolicy {
  const baseMs = options.baseMs ?? DEFAULT_BACKOFF.baseMs;
  const capMs = options.capMs ?? DEFAULT_BACKOFF.capMs;
  const maxRetries = options.maxRetries ?? Number.POSITIVE_INFINITY;
  const random = options.random ?? Math.random;
  return {
    nextRetryDelayInMs({ retryCount }) {
      if (retryCount >= maxRetries) return null;
      // 2^attempt overflows to Infinity past ~1023; min() with the cap keeps it finite.
      const window = Math.min(capMs, baseMs * 2 ** retryCount);
      return Math.floor(random() * window);
    },
  };
}
