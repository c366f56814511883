import { and, eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import {
  auditLogTable,
  municipalitiesTable,
  parseMunicipalitySettings,
  seedDemo,
} from '../../src/db/index.js';
import { DEMO_PASSWORD, demoStaff } from './demo-staff.js';
import { shoot } from './shots.js';
import { expectAccessible } from './staff-steps.js';
import { startWebCloud, type WebCloud } from './web-cloud.js';

/**
 * Issue 13 §3: the service case's follow-up times are the municipality's own, set by its system administrator
 * on /admin/ (section "Opfølgning på borgernes forløb"), checked in the form and audited.
 */

describe.skipIf(!hasChromium())('follow-up times on the admin page', () => {
  let web: WebCloud;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let municipalityId: string;
  let adminId: string;

  beforeAll(async () => {
    web = await startWebCloud();
    const demo = (await seedDemo(web.t.cloud.db.db, { now: new Date(), password: DEMO_PASSWORD }))!;
    municipalityId = demo.municipalityId;
    const admin = await demoStaff(web, demo, 'henrik.dahl');
    adminId = admin.id;
    ({ context, page, problems } = await admin.logIn('/admin/'));
    await page.getByRole('heading', { name: 'Indstillinger for Demo Kommune' }).waitFor();
  });
  afterAll(async () => {
    expect(problems).toEqual([]);
    await context?.close();
    await web?.close();
  });

  it('changes the evaluation days, refuses a list that is not days, and audits the change', async () => {
    const group = page.getByRole('group', { name: 'Opfølgning på borgernes forløb' });
    const first = group.getByLabel('Første evalueringer, dage efter installation (fx 7, 30)');
    const every = group.getByLabel('Derefter evaluering hver (dage)');
    const collect = group.getByLabel('Udlånt skærm skal være hentet senest (dage efter afslutning)');
    expect([await first.inputValue(), await every.inputValue(), await collect.inputValue()]).toEqual([
      '7, 30',
      '182',
      '14',
    ]);
    await first.fill('3, to uger');
    await page.getByRole('button', { name: 'Gem indstillingerne' }).click();
    await page
      .locator('#set-case-evaluationDays-error')
      .getByText(
        'Skriv 1 til 6 hele dage adskilt af komma i feltet “Første evalueringer, dage efter installation (fx 7, 30)”, fx 7, 30.',
      )
      .waitFor();
    await first.fill('3, 14, 60');
    await every.fill('90');
    await collect.fill('21');
    await page.getByRole('button', { name: 'Gem indstillingerne' }).click();
    await page.getByText('Indstillingerne er gemt.').waitFor();
    expect(await first.inputValue()).toBe('3, 14, 60');
    await group.scrollIntoViewIfNeeded();
    await shoot(page, 'admin-3-follow-up');
    await expectAccessible(page, 'admin follow-up times');

    const [m] = await web.t.cloud.db.db
      .select()
      .from(municipalitiesTable)
      .where(eq(municipalitiesTable.id, municipalityId));
    expect(parseMunicipalitySettings(m!.settings).serviceCase).toEqual({
      evaluationDays: [3, 14, 60],
      evaluateEveryDays: 90,
      collectWithinDays: 21,
    });
    const audit = await web.t.cloud.db.db
      .select()
      .from(auditLogTable)
      .where(and(eq(auditLogTable.actorId, adminId), eq(auditLogTable.action, 'settings.changed')));
    expect(audit.map((a) => (a.details as { changed: string[] }).changed)).toEqual([['serviceCase']]);
  });
});
