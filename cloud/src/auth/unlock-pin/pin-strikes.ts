import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { MakeLimiter } from '../../kernel/ports.js';

/** Wrong PINs in a row after which the PIN stops working until the app's code unlocks (issue 10 §1). */
export const PIN_STRIKES = 5;

/**
 * Counts wrong unlock PINs per person (rate-limiter-flexible). A 6-digit PIN under only the login throttle's
 * growing delays could still be guessed over a long night; with this, five misses and the PIN is off: the
 * authenticator app's code (itself throttled) is then the only way in, and its success clears the strikes.
 * In memory on one cloud node; `make` gives RateLimiterRedis when REDIS_URL is set (issue 14).
 */
export interface PinStrikes {
  /** True while the person still may try a PIN. */
  allowed(staffId: string): Promise<boolean>;
  strike(staffId: string): Promise<void>;
  clear(staffId: string): Promise<void>;
}

export function createPinStrikes(
  make: MakeLimiter = (options) => new RateLimiterMemory(options),
): PinStrikes {
  const limiter = make({
    keyPrefix: 'sv-unlock-pin',
    points: PIN_STRIKES,
    duration: 24 * 3600,
  });
  return {
    async allowed(staffId) {
      const res = await limiter.get(staffId);
      return !res || res.consumedPoints < PIN_STRIKES;
    },
    async strike(staffId) {
      await limiter.consume(staffId).catch((e: unknown) => {
        if (!(e instanceof RateLimiterRes)) throw e;
      });
    },
    async clear(staffId) {
      await limiter.delete(staffId);
    },
  };
}
