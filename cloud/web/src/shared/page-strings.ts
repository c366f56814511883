/**
 * The shape of a page's catalog: the same keys in Danish and English. Its own module so the shared catalog
 * (common-strings.ts) and the i18n setup (i18n.ts) do not import each other (issue 9: no import cycles).
 */
export type PageStrings<K extends string> = { da: Record<K, string>; en: Record<K, string> };
