import { errorMessage, isApiError } from '../../shared/api.js';
import type { Translate } from '../../shared/i18n-context.js';

/**
 * What the code form says under "Koden virkede ikke." when the cloud refuses the code, put into words each time
 * it is shown (so it follows the page's language, not the one the code was sent in). The two answers a citizen
 * meets have texts of their own: a spent, expired or unknown code (410) and too many wrong codes (429,
 * cloud/src/citizens/throttle.ts); the cloud's sentence for them was in the language of the moment it answered.
 */
export function activationError(error: unknown, t: Translate): string {
  if (isApiError(error) && error.status === 410) return t('failed.gone');
  if (isApiError(error) && error.status === 429) return t('failed.tooMany');
  return errorMessage(error, t);
}
