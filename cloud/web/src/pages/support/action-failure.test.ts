import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api.js';
import { createI18n } from '../../shared/i18n.js';
import { failureText, UserMessage } from './action-failure.js';
import { supportStrings } from './strings.js';

const da = createI18n(supportStrings, 'da').t;
const en = createI18n(supportStrings, 'en').t;

describe('what a failed support action says', () => {
  it('says a form’s own message in the language the page shows now, though it failed while the page was Danish', () => {
    const failure = new UserMessage('citizen.nameMissing');
    expect(failureText(failure, da)).toBe(da('citizen.nameMissing'));
    expect(failureText(failure, en)).toBe(en('citizen.nameMissing'));
    expect(failureText(failure, en)).not.toBe(failureText(failure, da));
  });

  it('says a lost connection in the page’s language of the moment', () => {
    const offline = ApiError.network(new Error('offline'));
    expect(failureText(offline, en)).not.toBe(failureText(offline, da));
  });
});
