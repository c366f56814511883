import type { Translate } from '../../shared/i18n-context.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The invitation as a one-page letter for the browser to print (issue 12 §1: "a link or a letter, never a
 * password in e-mail"). Built in the browser from the answer, so the link is never stored anywhere else; the
 * caller revokes the object URL when the card closes.
 */
export function inviteLetterUrl(
  t: Translate,
  lang: string,
  who: { name: string; username: string },
  link: string,
  expires: string,
): string {
  const p = (text: string) => `<p>${escapeHtml(text)}</p>`;
  const page = `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><title>${escapeHtml(
    t('letter.title'),
  )}</title><style>body{font:14pt/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;color:#111}code{font-size:12pt;word-break:break-all;display:block;padding:1rem;border:2px solid #111}</style></head><body><h1>${escapeHtml(
    t('letter.title'),
  )}</h1>${p(t('letter.greeting', { name: who.name }))}${p(t('letter.body', { username: who.username }))}<code>${escapeHtml(
    link,
  )}</code>${p(t('letter.expires', { expires }))}${p(t('letter.never'))}</body></html>`;
  return URL.createObjectURL(new Blob([page], { type: 'text/html' }));
}
