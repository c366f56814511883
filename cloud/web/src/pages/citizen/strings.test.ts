import { describe, expect, it } from 'vitest';
import { createI18n } from '../../shared/i18n.js';
import { citizenStrings } from './strings.js';

/** The citizen may be 85 or cognitively impaired: what the screen means for them, never how the system is set up. */
describe('the citizen home screen’s words', () => {
  it('tells a citizen whose phone said no to notifications that it rings only while the page is open, and who helps', () => {
    const da = createI18n(citizenStrings, 'da').t('push.denied');
    expect(da).toContain('ringer kun, mens denne side er åben');
    expect(da).toContain('Hjemmeplejen');
    const en = createI18n(citizenStrings, 'en').t('push.denied');
    expect(en).toContain('only rings while this page is open');
    expect(en).toContain('Home care');
  });

  it('speaks of neither notifications nor the municipality’s settings', () => {
    const said = (lang: 'da' | 'en') =>
      Object.entries(citizenStrings[lang]).filter(
        ([key]) => key.startsWith('home.') || key.startsWith('push.'),
      );
    expect(said('da').filter(([, s]) => /beskeder|kommunen/i.test(s))).toEqual([]);
    expect(said('en').filter(([, s]) => /notifications|municipality/i.test(s))).toEqual([]);
  });
});
