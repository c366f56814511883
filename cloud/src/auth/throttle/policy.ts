/**
 * Growing delays instead of lockout (OWASP ASVS 5.0 6.3.1 / 4.0 2.2.1 and NIST SP 800-63B-4 §3.2.2: limit failed
 * attempts without letting an attacker lock the real person out for good). After `freeFailures` consecutive
 * failures each further attempt must wait baseDelayMs, doubling per failure up to maxDelayMs. The wait always
 * ends: there is no permanent lockout.
 */
export interface ThrottlePolicy {
  readonly freeFailures: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** Per account (username): 5 free failures, then 1 s, 2 s, 4 s … up to 15 min. */
export const ACCOUNT_POLICY = {
  freeFailures: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
} as const satisfies ThrottlePolicy;

/**
 * Per client IP: a whole municipality may share one NAT address, so its staff get more slack before an attacker
 * on that address slows everyone down; the per-account limits still hold for each person.
 */
export const IP_POLICY = {
  freeFailures: 50,
  baseDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
} as const satisfies ThrottlePolicy;

/** The customer's cap: at most 100 failures per account per hour, whatever the delays allow. */
export const ACCOUNT_FAILURES_PER_HOUR = 100;

/** How long consecutive failures are remembered when no success resets them. */
export const FAILURE_MEMORY_MS = 24 * 3_600_000;

/** The wait imposed after the `failures`-th consecutive failure (0 = none). */
export function delayAfterFailures(failures: number, policy: ThrottlePolicy): number {
  if (!Number.isFinite(failures) || failures < policy.freeFailures) return 0;
  const exponent = Math.min(failures - policy.freeFailures, 40);
  return Math.min(policy.baseDelayMs * 2 ** exponent, policy.maxDelayMs);
}
