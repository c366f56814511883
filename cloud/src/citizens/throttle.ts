import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../kernel/errors.js';
import type { MakeLimiter } from '../kernel/ports.js';

/**
 * Guessing limits for the citizen endpoints (OWASP ASVS 5.0 6.3.1). Only failures count, and every window
 * ends by itself: a citizen can never be locked out for good by someone else's guessing.
 * - activation codes: 10 failures per IP per 15 min (a 59-bit code is unguessable at that rate);
 * - credential logins: 30 failures per IP per 15 min;
 * - PIN and TOTP: 5 failures per credential per 15 min (a 4-digit PIN has only 10,000 values).
 * In memory on one node; over Redis when REDIS_URL is set, so a cluster does not multiply the limits (issue 14).
 */
export interface CitizenThrottles {
  readonly activation: RateLimiterAbstract;
  readonly login: RateLimiterAbstract;
  readonly factor: RateLimiterAbstract;
}

export function createCitizenThrottles(
  make: MakeLimiter = (options) => new RateLimiterMemory(options),
): CitizenThrottles {
  return {
    activation: make({ keyPrefix: 'citizen-activate', points: 10, duration: 900 }),
    login: make({ keyPrefix: 'citizen-login', points: 30, duration: 900 }),
    factor: make({ keyPrefix: 'citizen-factor', points: 5, duration: 900 }),
  };
}

/**
 * Takes one try before the check (one atomic consume; an INCR in Redis with REDIS_URL) and refuses with 429 when
 * none is left. For the PIN and TOTP: a read-only check followed by a failure recorded after the verification let
 * parallel guesses all pass before the first failure counted. A success gives the tries back (delete).
 */
export async function takeAttempt(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (e) {
    // Out of points is the expected refusal; anything else is a real error.
    if (e instanceof RateLimiterRes) throw AppError.rateLimited();
    throw e;
  }
}

/** Refuses with 429 when `key` has no failures left. */
export async function ensureNotThrottled(limiter: RateLimiterAbstract, key: string): Promise<void> {
  const state = await limiter.get(key);
  if (state && state.remainingPoints <= 0) throw AppError.rateLimited();
}

export async function recordFailure(limiter: RateLimiterAbstract, key: string): Promise<void> {
  await limiter.consume(key).catch((e: unknown) => {
    // Out of points is the expected answer here; anything else is a real error.
    if (!(e instanceof RateLimiterRes)) throw e;
  });
}
