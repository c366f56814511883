import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { seedDemo } from '../../src/db/index.js';
import { DEMO_PASSWORD, demoStaff } from './demo-staff.js';
import { shoot } from './shots.js';
import { startWebCloud, type WebCloud } from './web-cloud.js';

/**
 * A support form's own error (useAction, parts.tsx) follows the page's language: "Skriv borgerens navn." stayed
 * Danish after support chose English, since the sentence was translated when the action failed.
 */
describe.skipIf(!hasChromium())('a support form’s error after a change of language', () => {
  let web: WebCloud;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    web = await startWebCloud();
    const demo = await seedDemo(web.t.cloud.db.db, { now: new Date(), password: DEMO_PASSWORD });
    if (!demo) throw new Error('the demo data was already there');
    ({ context, page } = await (await demoStaff(web, demo, 'sofie.berg')).logIn('/support/'));
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await web?.close();
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
