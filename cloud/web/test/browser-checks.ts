import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Serious and critical axe violations, as "rule: selector" lines so a failure names the element. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${v.help})`));
}

const INTERACTIVE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface FocusStop {
  readonly index: number;
  readonly label: string;
  readonly focusVisible: boolean;
  readonly outline: string;
  readonly inViewport: boolean;
}

/** Numbers every interactive element, then Tabs through the page recording each stop and how focus looks. */
export async function tabThrough(page: Page): Promise<{ count: number; stops: FocusStop[] }> {
  const count = await page.evaluate((selector) => {
    const all = [...document.querySelectorAll<HTMLElement>(selector)];
    all.forEach((el, i) => {
      el.dataset.e2eIndex = String(i);
    });
    (document.activeElement as HTMLElement | null)?.blur();
    return all.length;
  }, INTERACTIVE);
  const stops: FocusStop[] = [];
  for (let i = 0; i < count + 1; i++) {
    await page.keyboard.press('Tab');
    stops.push(
      await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        const rect = el.getBoundingClientRect();
        return {
          index: Number(el.dataset.e2eIndex ?? -1),
          label: `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 30)}"`,
          focusVisible: el.matches(':focus-visible'),
          outline: `${style.outlineStyle} ${style.outlineWidth}`,
          inViewport:
            rect.width > 0 &&
            rect.height > 0 &&
            rect.bottom > 0 &&
            rect.right > 0 &&
            rect.top < innerHeight &&
            rect.left < innerWidth,
        };
      }),
    );
  }
  return { count, stops };
}

/** A page's catalogue as the checks need it: the same keys in Danish and English. */
export interface Catalogue {
  readonly da: Readonly<Record<string, string>>;
  readonly en: Readonly<Record<string, string>>;
}

/**
 * The English sentences of our catalogues (and the cloud's problem texts) that have a different Danish text:
 * every literal stretch of three words or more between {{values}}.
 */
export function englishSentences(catalogues: readonly Catalogue[], serverTexts: readonly string[]): string[] {
  const out = new Set<string>();
  const add = (text: string) => {
    for (const part of text.split(/\{\{\w+\}\}/)) {
      const words = part.trim();
      if (words.split(/\s+/).length >= 3 && words.length >= 12) out.add(words);
    }
  };
  for (const c of catalogues) for (const [key, en] of Object.entries(c.en)) if (c.da[key] !== en) add(en);
  for (const text of serverTexts) add(text);
  return [...out];
}

/** The English sentences (from `englishSentences`) that the page shows; a Danish page must show none. */
export async function englishShown(page: Page, sentences: readonly string[]): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText.replace(/\s+/g, ' '));
  return sentences.filter((s) => text.includes(s.replace(/\s+/g, ' ')));
}
