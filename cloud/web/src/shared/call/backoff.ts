/**
 * Reconnect delays as a policy returning `number | null` (style.md item 12): full jitter over an exponential
 * ceiling, capped, so a restarted cloud is not hit by every browser at the same instant. The first retry is
 * quick: a resumed call must be back inside the router's 20 s grace period.
 */
export interface BackoffPolicy {
  /** Delay before retry number `attempt` (0-based), or null to give up. */
  next(attempt: number): number | null;
}

export function cappedBackoff(
  options: { baseMs?: number; capMs?: number; maxAttempts?: number; random?: () => number } = {},
): BackoffPolicy {
  const base = options.baseMs ?? 250;
  const cap = options.capMs ?? 10_000;
  const random = options.random ?? Math.random;
  return {
    next(attempt) {
      if (options.maxAttempts !== undefined && attempt >= options.maxAttempts) return null;
      const ceiling = Math.min(cap, base * 2 ** attempt);
      // Never below half the ceiling: pure full jitter can retry at ~0 ms many times in a row.
      return Math.round(ceiling / 2 + (random() * ceiling) / 2);
    },
  };
}
