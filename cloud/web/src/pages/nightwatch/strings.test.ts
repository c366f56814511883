import { describe, expect, it } from 'vitest';
import { createI18n } from '../../shared/i18n.js';
import { nightwatchStrings } from './strings.js';

/** Read at 3 a.m. by a tired person: the console must never seem to say that something rings when nothing does. */
describe('the locked console’s words', () => {
  const keys = ['lock.explain', 'lock.explainPin', 'lock.explainPasskey'] as const;

  it('says the console rings when a resident calls, not that it "still rings" while nobody calls', () => {
    for (const key of keys) {
      const da = createI18n(nightwatchStrings, 'da').t(key);
      expect(da).toContain('Du er stadig på vagt, og konsollen ringer, når en beboer ringer.');
      expect(da).not.toMatch(/ringer stadig/);
      const en = createI18n(nightwatchStrings, 'en').t(key);
      expect(en).toContain('the console rings when a resident calls');
      expect(en).not.toMatch(/still rings/);
    }
  });
});
