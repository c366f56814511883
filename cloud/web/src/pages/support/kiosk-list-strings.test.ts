import { describe, expect, it } from 'vitest';
import { createI18n } from '../../shared/i18n.js';
import { kioskListDa, kioskListEn } from './kiosk-list-strings.js';

describe('the kiosk list counts', () => {
  it('says one skærm and many skærme by i18next plural rules, in Danish and English', () => {
    const da = createI18n({ da: kioskListDa, en: kioskListEn }, 'da');
    expect(da.t('kioskList.shown', { shown: 1, count: 1 })).toBe('Viser 1 af 1 skærm');
    expect(da.t('kioskList.shown', { shown: 12, count: 40 })).toBe('Viser 12 af 40 skærme');
    expect(da.t('bulk.done', { count: 1 })).toMatch(/^1 skærm har fået ændringen\./);
    expect(da.t('bulk.done', { count: 38 })).toMatch(/^38 skærme har fået ændringen\./);
    const en = createI18n({ da: kioskListDa, en: kioskListEn }, 'en');
    expect(en.t('kioskList.shown', { shown: 0, count: 1 })).toBe('Showing 0 of 1 kiosk');
    expect(en.t('bulk.done', { count: 2 })).toMatch(/^2 kiosks got the change\./);
  });
});
