import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../kernel/errors.js';
import type { MakeLimiter } from '../kernel/ports.js';

/**
 * Guessing limits for the citizen endpoints (OWASP ASVS 5.0 6.3.1). Only failures count, and every window
 * ends by itself: a citizen can never be locked out for good by someone else's guessing.
 * - activation codes: 10 failures per IP per 15 min (a 59-bit code is unguessable at that rate);
 * - credential logins: 30 failures per IP per 15 min;
 * - PIN and TOTP: 5 failures per credential per 15 min (a 4-digit PIN has only 10,000 values).
 * Every try is taken before its check (takeAttempt) and a try that was no failure is given back, so parallel
 * guesses cannot all pass a read-only check before the first failure counts.
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

/** A try taken before the check. */
export interface Attempt {
  /** The attempt was no failure (a redeemed code, a valid credential): the try is not counted after all. */
  giveBack(): Promise<void>;
}

/**
 * A try given back this close to the end of the window that counted it is left to lapse with the window: a reward
 * reaching the store after the window's counter expired would start the next window one below zero (a try more).
 */
const GIVE_BACK_MARGIN_MS = 1_000;

/**
 * Takes one try before the check (one atomic consume; an INCR in Redis with REDIS_URL) and refuses with 429 when
 * none is left. A read-only check followed by a failure recorded after the verification let parallel guesses all
 * pass before the first failure counted (20 wrong PINs at once: 12 checked; 30 wrong activation codes from one
 * address: 15 checked where 10 are allowed).
 */
export async function takeAttempt(limiter: RateLimiterAbstract, key: string): Promise<Attempt> {
  let taken: RateLimiterRes;
  try {
    taken = await limiter.consume(key);
  } catch (e) {
    // Out of points is the expected refusal; anything else is a real error.
    if (e instanceof RateLimiterRes) throw AppError.rateLimited();
    throw e;
  }
  const windowEndsAt = Date.now() + taken.msBeforeNext;
  return {
    async giveBack() {
      if (Date.now() < windowEndsAt - GIVE_BACK_MARGIN_MS) await limiter.reward(key, 1);
    },
  };
}
