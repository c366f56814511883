import { errorMessage } from '../../shared/api.js';
import type { Translate } from '../../shared/i18n-context.js';

/**
 * A form's own sentence for the person, thrown inside `useAction`'s `run` when the form is not complete: kept as
 * its key and values, never as text, so it is put into words when shown and follows the page's language (as
 * shared/said.ts does for what an action answers).
 */
export class UserMessage extends Error {
  override readonly name = 'UserMessage';
  constructor(
    readonly key: string,
    readonly values?: Readonly<Record<string, string | number>>,
  ) {
    super(key);
  }
}

/**
 * What a failed action says, in the page's language of the moment it is shown: a form's own message by its key,
 * a lost connection or an unreadable answer by ours. The server's own `detail` is shown as it came: it was
 * written in the language the page had when the request was sent (Accept-Language), and is not sent again.
 */
export function failureText(error: unknown, t: Translate): string {
  return error instanceof UserMessage ? t(error.key, error.values) : errorMessage(error, t);
}
