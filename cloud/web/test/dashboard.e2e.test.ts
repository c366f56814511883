import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { seedCareDemo } from '../../src/care/index.js';
import { seedDashboardHistory } from '../../src/dashboard/seed-history.js';
import { seedDemo } from '../../src/db/index.js';
import { sampleDemoKioskUptime } from '../../test/kits/uptime.js';
import { DEMO_PASSWORD, demoStaff } from './demo-staff.js';
import { shoot } from './shots.js';
import { expectAccessible } from './staff-steps.js';
import { startWebCloud, type WebCloud } from './web-cloud.js';

/**
 * The business-case dashboard (issue 13 "Done when" 2) in Debian's Chromium against a real cloud with the demo
 * and its ten weeks of seeded history: the uPlot charts draw, each has its table, axe finds nothing serious,
 * and the screenshot for the Danish guide is taken from this run (docs/guides/da/img/overblik.png).
 */
const SHOT = new URL('../../../docs/guides/da/img/', import.meta.url);

describe.skipIf(!hasChromium())('the dashboard', () => {
  let web: WebCloud;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    web = await startWebCloud();
    const db = web.t.cloud.db.db;
    const demo = (await seedDemo(db, { now: new Date(), password: DEMO_PASSWORD }))!;
    await seedCareDemo(db, demo.municipalityId, new Date());
    await seedDashboardHistory(db, demo.municipalityId, new Date());
    // The demo seeds no uptime (its kiosk is lent only from the first start): ten weeks of the sampler's own.
    await sampleDemoKioskUptime(db, {
      from: Date.now() - 71 * 86_400_000,
      to: Date.now(),
      everyMs: 6 * 3_600_000,
    });
    const sofie = await demoStaff(web, demo, 'sofie.berg');
    ({ context, page, problems } = await sofie.logIn('/dashboard/', { width: 1280, height: 1200 }));
  }, 180_000);
  afterAll(async () => {
    expect(problems).toEqual([]);
    await context?.close();
    await web?.close();
  });

  it('draws the charts from the seeded weeks, each with its table, in Danish and accessibly', async () => {
    await page.getByTestId('dashboard-cards').waitFor();
    expect(await page.getByRole('heading', { name: 'Aktive borgere og medarbejdere' }).count()).toBe(1);
    // Five uPlot charts (active, visits, minutes, kiosk uptime, night watch), each drawn on a canvas with a size.
    const canvases = page.locator('.week-chart canvas');
    await expect.poll(() => canvases.count()).toBe(5);
    for (const box of await canvases.evaluateAll((els) => els.map((e) => (e as HTMLCanvasElement).width)))
      expect(box).toBeGreaterThan(200);
    // The legends name the series and show no "--" placeholders (live values read as missing numbers).
    const legends = await page.locator('.week-chart .u-legend').allTextContents();
    expect(legends.length).toBe(5);
    expect(legends.some((l) => l.includes('Aktive borgere'))).toBe(true);
    expect(legends.every((l) => !l.includes('--'))).toBe(true);
    const rows = await page.getByTestId('active-table').locator('tbody tr').count();
    expect(rows).toBeGreaterThanOrEqual(8);
    // The week still running is in the table, marked, and left out of the chart (it would look like a drop).
    const weeks = await page.getByTestId('active-table').locator('tbody th').allTextContents();
    // As people say a week ("uge 49"; the year too when the weeks span two), never the ISO "2026-W49".
    expect(weeks.at(-1)).toMatch(/^uge \d{1,2}( \d{4})? \(i gang\)$/);
    expect(weeks.every((w) => !/\d{4}-W\d{2}/.test(w))).toBe(true);
    expect(weeks.slice(0, -1).every((w) => !w.includes('i gang'))).toBe(true);
    expect(await page.getByTestId('uptime-table').locator('tbody tr').count()).toBeGreaterThanOrEqual(8);
    expect(await page.getByTestId('night-table').locator('tbody tr').count()).toBeGreaterThanOrEqual(8);
    // Both numbers side by side: measured call minutes and estimated minutes saved.
    const heads = await page.getByTestId('minutes-table').locator('thead th').allTextContents();
    expect(heads).toEqual(
      expect.arrayContaining(['Målte samtaleminutter', 'Sparede minutter i alt (estimat)']),
    );
    // Visits they talked in but nobody recorded are shown, not hidden in "Planlagt": the estimate's gap is seen.
    expect(await page.getByTestId('visits-table').locator('thead th').allTextContents()).toContain(
      'Talt sammen, ikke registreret',
    );
    // The one column that counts calls, not visits, says so (its numbers do not add up with the others').
    await page
      .getByText('Opkald uden forbindelse tæller opkald til de planlagte besøg, ikke besøg', { exact: false })
      .waitFor({ timeout: 2_000 });
    await expectAccessible(page, 'dashboard');
    mkdirSync(SHOT, { recursive: true });
    await page.getByRole('heading', { name: /^Seneste hele uge/ }).scrollIntoViewIfNeeded();
    await page.evaluate(() => document.getElementById('cards-h')?.scrollIntoView());
    await page.screenshot({ path: new URL('overblik.png', SHOT).pathname });
    await page.evaluate(() => document.getElementById('minutes-h')?.scrollIntoView());
    await page.screenshot({ path: new URL('overblik-minutter.png', SHOT).pathname });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.no-print').first().isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
  }, 60_000);

  it('writes the reasons for cancelling as a person writes them, in Danish and in English', async () => {
    const reasons = page
      .getByRole('heading', { name: 'Hyppigste grunde til aflysning' })
      .locator('xpath=following-sibling::ul[1]')
      .getByRole('listitem');
    await reasons.first().waitFor();
    // Seeded as "Borger på hospital" and sent by the cloud as staff wrote it; shown with a capital first letter.
    const shown = await reasons.allTextContents();
    expect(shown.length).toBeGreaterThan(0);
    for (const line of shown) expect(line).toMatch(/^\p{Lu}[^:]*: \d+$/u);
    expect(shown.some((line) => line.startsWith('Borger på hospital: '))).toBe(true);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Most common reasons for cancelling' }).waitFor();
    const english = await page
      .getByRole('heading', { name: 'Most common reasons for cancelling' })
      .locator('xpath=following-sibling::ul[1]')
      .getByRole('listitem')
      .allTextContents();
    expect(english).toEqual(shown);
    await shoot(page, 'dashboard-cancel-reasons-en');
    await page.getByRole('button', { name: 'Dansk' }).click();
    await page.getByRole('heading', { name: 'Hyppigste grunde til aflysning' }).waitFor();
  });

  it('offers the CSV and the VTV export for the shown period', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Hent VTV-eksport' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^screenvisit-vtv-.*\.csv$/);
  });
});
