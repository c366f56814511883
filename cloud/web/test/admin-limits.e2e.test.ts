import { eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { municipalitiesTable, parseMunicipalitySettings, seedDemo } from '../../src/db/index.js';
import { DEMO_PASSWORD, demoStaff } from './demo-staff.js';
import { expectAccessible } from './staff-steps.js';
import { startWebCloud, type WebCloud } from './web-cloud.js';

/**
 * The municipality's settings on /admin/ say what each number may be, and a number the cloud would refuse is
 * refused in the form with the field and its range, under the field, never the general "some fields are wrong".
 */
describe.skipIf(!hasChromium())('number limits on the admin page', () => {
  let web: WebCloud;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let municipalityId: string;

  beforeAll(async () => {
    web = await startWebCloud();
    const demo = (await seedDemo(web.t.cloud.db.db, { now: new Date(), password: DEMO_PASSWORD }))!;
    municipalityId = demo.municipalityId;
    const admin = await demoStaff(web, demo, 'henrik.dahl');
    ({ context, page, problems } = await admin.logIn('/admin/'));
    await page.getByRole('heading', { name: 'Indstillinger for Demo Kommune' }).waitFor();
  });
  afterAll(async () => {
    expect(problems).toEqual([]);
    await context?.close();
    await web?.close();
  });

  const idleOf = async () => {
    const [m] = await web.t.cloud.db.db
      .select()
      .from(municipalitiesTable)
      .where(eq(municipalitiesTable.id, municipalityId));
    return parseMunicipalitySettings(m!.settings).idleTimeoutMinutes;
  };

  it('explains the idle timeout and password age, and names the field and range of a number out of bounds', async () => {
    const idle = page.getByLabel('Log ud efter så mange minutter uden aktivitet');
    await expect(idle.getAttribute('aria-describedby')).resolves.toContain('set-idle-hint');
    await page.getByText('1 til 1440 minutter (24 timer).', { exact: false }).waitFor();
    await page.getByText('1 til 3650 dage.', { exact: false }).waitFor();
    const before = await idleOf();

    await idle.fill('100000');
    await page.getByRole('button', { name: 'Gem indstillingerne' }).click();
    const idleSentence =
      'Skriv et helt tal fra 1 til 1440 i feltet “Log ud efter så mange minutter uden aktivitet”.';
    await page.locator('#set-idle-error').getByText(idleSentence).waitFor();
    expect(await idle.getAttribute('aria-invalid')).toBe('true');
    await expect(page.getByText('Nogle felter mangler eller er udfyldt forkert.').count()).resolves.toBe(0);
    await expectAccessible(page, 'admin settings with a refused number');

    await idle.fill('30');
    const offline = page.getByLabel('Skærm offline i timer');
    await offline.fill('0');
    await page.getByRole('button', { name: 'Gem indstillingerne' }).click();
    await page
      .locator('#set-alert-offlineHours-error')
      .getByText('Skriv et helt tal fra 1 til 336 i feltet “Skærm offline i timer”.')
      .waitFor();
    expect(await idleOf()).toBe(before);

    await offline.fill('4');
    await page.getByRole('button', { name: 'Gem indstillingerne' }).click();
    await page.getByText('Indstillingerne er gemt.').waitFor();
    expect(await idleOf()).toBe(30);
  });
});
