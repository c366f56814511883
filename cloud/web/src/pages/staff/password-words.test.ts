import { describe, expect, it } from 'vitest';
import { createI18n } from '../../shared/i18n.js';
import { PASSWORD_STEP_WORDS, passwordStepReason } from './password-words.js';
import { staffStrings } from './strings.js';

/** What the password step says depends on why it is there; a brand-new one-time password is never "too old". */
describe('the password step’s words', () => {
  const said = (lang: 'da' | 'en', reason: keyof typeof PASSWORD_STEP_WORDS) => {
    const { t } = createI18n(staffStrings, lang);
    const words = PASSWORD_STEP_WORDS[reason];
    return [words.heading, words.intro, words.current ?? 'title'].map((k) => t(k)).join(' | ');
  };

  it('tells someone logging in with the operator’s one-time password that it is temporary, not too old', () => {
    expect(passwordStepReason({ passwordChange: 'temporary' })).toBe('temporary');
    const da = said('da', 'temporary');
    expect(da).toContain('Vælg din egen adgangskode');
    expect(da).toContain('midlertidig');
    expect(da).not.toContain('for gammel');
    const en = said('en', 'temporary');
    expect(en).toContain('Choose your own password');
    expect(en).toContain('temporary');
    expect(en).not.toContain('too old');
  });

  it('still says an expired password is too old, and an invitation asks for no current password', () => {
    expect(passwordStepReason({ passwordChange: 'expired' })).toBe('expired');
    expect(passwordStepReason({})).toBe('expired');
    expect(said('da', 'expired')).toContain('Din adgangskode er for gammel');
    expect(said('en', 'expired')).toContain('too old');
    expect(PASSWORD_STEP_WORDS.invited.current).toBeNull();
  });
});
