import { errorMessage, isApiError } from '../../shared/api.js';
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
 * A server error (5xx) adds its error id, the request id on the cloud's log line: support quotes it when it
 * sends the error on to 2nd line, who finds the line by it (docs/operations.md "When support escalates").
 */
export function failureText(error: unknown, t: Translate): string {
  if (error instanceof UserMessage) return t(error.key, error.values);
  const text = errorMessage(error, t);
  const id = isApiError(error) && (error.status ?? 0) >= 500 ? error.problem?.requestId : undefined;
  return id ? `${text} ${t('error.requestId', { id })}` : text;
}
