import type { Language } from './i18n.js';
import type { Translate } from './i18n-context.js';
import { formatClockTime, formatMunicipal } from './municipal-date.js';

/**
 * A value in a message that each language writes its own way, so it is formatted as the message is shown:
 * a municipal clock time ("13.00" / "13:00"), a municipal calendar date ("8. december 2026" / "8 December
 * 2026"), an instant (date and time in municipal time, with the zone said where the browser's differs), a
 * list of names ("KBH-0001 og KBH-0002" / "KBH-0001 and KBH-0002") or a message of its own put into words.
 */
export type SaidValue =
  | string
  | number
  | { readonly clock: string }
  | { readonly date: string }
  | { readonly at: string }
  | { readonly list: readonly string[] }
  | { readonly said: Said };

/**
 * What an action answers when it is done ("Ændringerne for Grethe Lund er gemt."), kept as its key and values,
 * never as text: a sentence translated when the action ended stayed Danish after the person chose English (the
 * lost-phone panel was the first to keep a key, own-devices-panel.tsx). `then` follows it in the same notice.
 */
export interface Said {
  readonly key: string;
  readonly values?: Readonly<Record<string, SaidValue>>;
  readonly then?: Said;
}

export function said(key: string, values?: Readonly<Record<string, SaidValue>>, then?: Said): Said {
  return { key, ...(values ? { values } : {}), ...(then ? { then } : {}) };
}

const locale = (language: Language) => (language === 'da' ? 'da-DK' : 'en-GB');

/** A municipal calendar date (YYYY-MM-DD) in full; read and written on the calendar alone, so no zone moves it. */
function calendarDate(date: string, language: Language): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const at = new Date(Date.UTC(year, month - 1, day));
  return Number.isNaN(at.getTime())
    ? date
    : at.toLocaleDateString(locale(language), { dateStyle: 'long', timeZone: 'UTC' });
}

function valueText(value: SaidValue, t: Translate, language: Language, zoneNote: string): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if ('said' in value) return sayText(value.said, t, language, zoneNote);
  if ('clock' in value) return formatClockTime(value.clock, language);
  if ('date' in value) return calendarDate(value.date, language);
  if ('at' in value)
    return formatMunicipal(value.at, language, { dateStyle: 'long', timeStyle: 'short' }, zoneNote);
  return new Intl.ListFormat(locale(language), { type: 'conjunction' }).format(value.list);
}

/** The message in `language`, as the page shows it now. `zoneNote`: "(dansk tid)" in the page's language. */
export function sayText(message: Said, t: Translate, language: Language, zoneNote: string): string {
  const values = Object.fromEntries(
    Object.entries(message.values ?? {}).map(([name, value]) => [
      name,
      valueText(value, t, language, zoneNote),
    ]),
  );
  const text = t(message.key, values);
  return message.then ? `${text} ${sayText(message.then, t, language, zoneNote)}` : text;
}
