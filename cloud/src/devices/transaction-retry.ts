/**
 * SQLSTATEs after which PostgreSQL has rolled the whole transaction back and says running it again may
 * succeed: serialization_failure (40001) and deadlock_detected (40P01) (PostgreSQL docs 13.2.3/13.3.4,
 * "applications … must be prepared to retry transactions"). Nothing else is retried: a constraint or input
 * error would fail the same way again.
 */
const RETRYABLE = new Set(['40001', '40P01']);

/** The SQLSTATE of a driver error, directly or as the cause of a drizzle error. */
function sqlState(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 4; i++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

export function isRetryableConflict(error: unknown): boolean {
  const code = sqlState(error);
  return code !== undefined && RETRYABLE.has(code);
}

export interface ConflictRetry {
  /** Runs in all, the first included. */
  readonly tries: number;
  /** Before retry n (1-based): a base delay; the wait is a random share of 50–100 % of it. */
  readonly delaysMs: readonly number[];
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

export const DEFAULT_CONFLICT_RETRY: ConflictRetry = {
  tries: 3,
  delaysMs: [20, 80],
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/**
 * Runs `transaction` (a whole transaction: each run starts from scratch) again after a deadlock or a
 * serialization failure, at most `tries` times in all, after a short jittered wait so the two transactions that
 * met do not meet again in step. Any other error, or the last conflict, is thrown as it came.
 */
export async function retryOnConflict<T>(
  transaction: () => Promise<T>,
  options: {
    policy?: ConflictRetry;
    /** Told before each retry (a log line: a retried deadlock is still a lock-order bug to look at). */
    onRetry?: ((error: unknown, attempt: number) => void) | undefined;
  } = {},
): Promise<T> {
  const policy = options.policy ?? DEFAULT_CONFLICT_RETRY;
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= policy.tries || !isRetryableConflict(error)) throw error;
      options.onRetry?.(error, attempt);
      const base = policy.delaysMs[Math.min(attempt, policy.delaysMs.length) - 1] ?? 0;
      await policy.sleep(Math.round(base * (0.5 + policy.random() / 2)));
    }
  }
}
