import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../kernel/errors.js';

/**
 * Guessing limits for the citizen endpoints (OWASP ASVS 5.0 6.3.1). Only failures count, and every window
 * ends by itself: a citizen can never be locked out for good by someone else's guessing.
 * - activation codes: 10 failures per IP per 15 min (a 59-bit code is unguessable at that rate);
 * - credential logins: 30 failures per IP per 15 min;
 * - PIN and TOTP: 5 failures per credential per 15 min (a 4-digit PIN has only 10,000 values).
 * In memory, per node: a cluster multiplies the limits by its size (acceptable at these numbers).
 */
export interface CitizenThrottles {
  readonly activation: RateLimiterMemory;
  readonly login: RateLimiterMemory;
  readonly factor: RateLimiterMemory;
}

export function createCitizenThrottles(): CitizenThrottles {
  return {
    activation: new RateLimiterMemory({ keyPrefix: 'citizen-activate', points: 10, duration: 900 }),
    login: new RateLimiterMemory({ keyPrefix: 'citizen-login', points: 30, duration: 900 }),
    factor: new RateLimiterMemory({ keyPrefix: 'citizen-factor', points: 5, duration: 900 }),
  };
}

/** Refuses with 429 when `key` has no failures left. */
export async function ensureNotThrottled(limiter: RateLimiterMemory, key: string): Promise<void> {
  const state = await limiter.get(key);
  if (state && state.remainingPoints <= 0) throw AppError.rateLimited();
}

export async function recordFailure(limiter: RateLimiterMemory, key: string): Promise<void> {
  await limiter.consume(key).catch((e: unknown) => {
    // Out of points is the expected answer here; anything else is a real error.
    if (!(e instanceof RateLimiterRes)) throw e;
  });
}
