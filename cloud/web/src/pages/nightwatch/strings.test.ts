import { describe, expect, it } from 'vitest';
import { createI18n } from '../../shared/i18n.js';
import { nightwatchStrings } from './strings.js';

/** Read at 3 a.m. by a tired person: the console must never seem to say that something rings when nothing does. */
describe('the locked console’s words', () => {
  const keys = ['lock.explain', 'lock.explainPin', 'lock.explainPasskey'] as const;
  const name = 'Ida Christensen';

  it('says the console rings when a resident calls, not that it "still rings" while nobody calls', () => {
    for (const key of keys) {
      const da = createI18n(nightwatchStrings, 'da').t(key, { name });
      expect(da).toContain('Konsollen ringer, når en beboer ringer.');
      expect(da).not.toMatch(/ringer stadig/);
      const en = createI18n(nightwatchStrings, 'en').t(key, { name });
      expect(en).toContain('The console rings when a resident calls.');
      expect(en).not.toMatch(/still rings/);
    }
  });

  // The night watch shares its computers: "Du er stadig på vagt" told the colleague who sat down at Ida's
  // locked console that HE was on duty, and not whose console it was (night-watch walk).
  it('names whose console it is, asks for the code only of that person, and shows anyone else the way in', () => {
    const da = createI18n(nightwatchStrings, 'da');
    expect(`${da.t('lock.heading')}. ${da.t('lock.owner', { name })}`).toBe(
      'Konsollen er låst. Ida Christensen er på vagt her.',
    );
    for (const key of keys) {
      expect(da.t(key, { name })).toContain(`Er du ${name}, så`);
      expect(da.t(key, { name })).not.toMatch(/Du er stadig på vagt/);
    }
    expect(da.t('lock.notYou', { name })).toContain(`Er du ikke ${name}? Tryk Skift person`);
    const en = createI18n(nightwatchStrings, 'en');
    expect(en.t('lock.owner', { name })).toBe('Ida Christensen is on duty here.');
    for (const key of keys) expect(en.t(key, { name })).toContain(`If you are ${name},`);
  });
});
