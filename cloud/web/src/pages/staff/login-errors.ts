import { errorMessage, isApiError } from '../../shared/api.js';
import type { Translate } from '../../shared/i18n-context.js';

/**
 * The sentence for a failed login step. Throttling (429) and the staff-network refusal (403 on the password
 * step) get our own plain words in the reader's language; anything else shows the server's `detail`.
 */
export function loginErrorMessage(error: unknown, t: Translate, step: 'password' | 'other'): string {
  if (isApiError(error) && error.reason === 'problem') {
    if (error.status === 429) {
      const seconds = error.retryAfterSeconds;
      return seconds === undefined ? t('error.throttled') : t('error.throttledFor', { count: seconds });
    }
    if (error.status === 403 && step === 'password') return t('error.offNetwork');
  }
  return errorMessage(error, t);
}
