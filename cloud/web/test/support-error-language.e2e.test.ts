import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { shoot } from './shots.js';
import { type SupportDesk, supportDesk } from './support-desk.js';

/**
 * A support form's own error (useAction, parts.tsx) follows the page's language: "Skriv borgerens navn." stayed
 * Danish after support chose English, since the sentence was translated when the action failed.
 */
describe.skipIf(!hasChromium())('a support form’s error after a change of language', () => {
  let desk: SupportDesk;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    desk = await supportDesk();
    // Not desk.logIn: this suite never checked the page's console, and a refactor adds no check.
    ({ context, page } = await (await desk.staff('sofie.berg')).logIn('/support/'));
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await desk?.close();
  });

  it('says "Skriv borgerens navn." in English once support switches to English', async () => {
    await page.getByRole('button', { name: 'Borgere' }).click();
    await page.getByRole('button', { name: 'Opret borger' }).click();
    const error = page.getByTestId('action-error');
    await error.getByText('Skriv borgerens navn.').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await error.getByText('Write the citizen’s name.').waitFor();
    expect(await error.innerText()).not.toContain('Skriv');
    await shoot(page, 'support-error-en');
  });
});
