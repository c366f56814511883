import type { Language } from '../../shared/i18n.js';

/**
 * A cancellation reason as a person writes it. Staff type the reason themselves; the cloud counts "Borger på
 * hospital" and "borger på hospital" as one reason and sends it in its most common spelling (dashboard/
 * cancel-reasons.ts), so "Herlev Hospital" keeps its capitals. A list of reasons starts each with a capital
 * letter, in the page's language's rules ("ønsker ikke" → "Ønsker ikke"); the rest is left as the cloud sent it.
 */
export function cancelReasonLabel(reason: string, language: Language): string {
  const text = reason.trim();
  const first = text.codePointAt(0);
  if (first === undefined) return text;
  const head = String.fromCodePoint(first);
  return head.toLocaleUpperCase(language === 'da' ? 'da-DK' : 'en-GB') + text.slice(head.length);
}
