import type { Context } from 'hono';
import { isThrottledError } from './password-login.js';

/**
 * Runs an action; a throttled refusal gets Retry-After (RFC 9110 §10.2.3, whole seconds, rounded up) before the
 * error travels on to the one error mapper.
 */
export async function withRetryAfter<T>(c: Context, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (isThrottledError(error))
      c.header('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
    throw error;
  }
}
