import i18next from 'i18next';
import { PROBLEM_TEXTS_DA } from './da.js';

/**
 * Problem texts in the reader's language (issue 12 §7). The code writes its texts in English; this translates
 * them through i18next with the Danish catalogue (da.ts). The language is the request's Accept-Language, which
 * the browser clients set to the UI language (cloud/web/src/shared/api.ts), so a Danish page gets Danish texts.
 */
export type ProblemLanguage = 'da' | 'en';

const i18n = i18next.createInstance();
void i18n.init({
  lng: 'en',
  fallbackLng: false,
  initAsync: false,
  // The keys are whole English sentences: "." and ":" are text, not key paths or namespaces.
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false },
  resources: { da: { translation: PROBLEM_TEXTS_DA } },
});

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Keys with {{placeholders}} as patterns that recover the values from an English text. */
const TEMPLATES = Object.keys(PROBLEM_TEXTS_DA)
  .filter((k) => k.includes('{{'))
  .map((key) => {
    const names: string[] = [];
    const source = key
      .split(/(\{\{\w+\}\})/)
      .map((part) => {
        const m = /^\{\{(\w+)\}\}$/.exec(part);
        if (!m) return escapeRegExp(part);
        names.push(m[1]!);
        return '(.+?)';
      })
      .join('');
    return { key, names, pattern: new RegExp(`^${source}$`, 's') };
  });

/** The first language of Accept-Language (RFC 9110 §12.5.4) we speak, by weight; English when none. */
export function problemLanguage(acceptLanguage: string | undefined | null): ProblemLanguage {
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    if (tag === 'da' || tag.startsWith('da-')) return 'da';
    if (tag === 'en' || tag.startsWith('en-') || tag === '*') return 'en';
  }
  return 'en';
}

/** The text in `language`; a text with no Danish entry stays English (texts.test.ts keeps that list empty). */
export function translateProblem(text: string, language: ProblemLanguage): string {
  if (language === 'en') return text;
  if (i18n.exists(text, { lng: 'da' })) return i18n.t(text, { lng: 'da' });
  for (const t of TEMPLATES) {
    const m = t.pattern.exec(text);
    if (!m) continue;
    const values = Object.fromEntries(
      t.names.map((name, i) => {
        const value = m[i + 1]!;
        return [name, i18n.exists(value, { lng: 'da' }) ? i18n.t(value, { lng: 'da' }) : value];
      }),
    );
    return i18n.t(t.key, { lng: 'da', ...values });
  }
  return text;
}

export function hasDanish(text: string): boolean {
  return translateProblem(text, 'da') !== text;
}
