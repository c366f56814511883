import { errorMessage, isApiError } from '../../shared/api.js';
import type { Translate } from '../../shared/i18n-context.js';

/**
 * What the PIN (or app code) form says when the cloud refuses. A wrong PIN: try again. Too many wrong ones in a
 * row (429, cloud/src/citizens/throttle.ts: 5 per browser per 15 minutes): how long to wait, since the server's
 * "Vent lidt, og prøv igen." sent a citizen back to try again a minute later, and the right PIN was refused
 * with the same words until the quarter of an hour had passed.
 */
export function factorError(error: unknown, t: Translate): string {
  if (isApiError(error) && (error.status === 401 || error.status === 400)) return t('factor.wrong');
  if (isApiError(error) && error.status === 429) return t('factor.tooMany');
  return errorMessage(error, t);
}
