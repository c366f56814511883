import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { enrolTotp } from '../../test/kits/care.js';
import { DEMO_PASSWORD } from './demo-staff.js';
import { submitPassword } from './staff-steps.js';
import { type SupportDesk, supportDesk } from './support-desk.js';
import type { WebCloud } from './web-cloud.js';

/**
 * The support page's figures ("Skærme i alt", "Skærme forbundet") are re-read every 5 s. After support logged in,
 * or registered a kiosk, they showed the old state for up to 5 s (the public "Tjenesten kører", the old total)
 * beside a kiosk list that already showed the new one. Here the page's clock stands still once the page has
 * loaded, but for small steps that let it render (effects run on its timers): its 5 s re-read never comes, so a
 * figure that changes can only come from the page reading it at once.
 */
const STEP_MS = 100;
/** The page's time this file may move on in all: well short of the status box's 5 s re-read. */
const BUDGET_MS = 3_500;
/** Said under the figures once they are the logged-in staff member's own municipality's. */
const OWN = 'Tallene gælder kun jeres egen kommunes skærme.';

describe.skipIf(!hasChromium())('the support page’s figures follow what support does at once', () => {
  let desk: SupportDesk;
  let web: WebCloud;
  let opened: Awaited<ReturnType<WebCloud['newPage']>>;
  let page: Page;
  let spent = 0;

  /** Moves the page's clock on STEP_MS at a time until `target` shows, never past BUDGET_MS in all. */
  const runUntil = async (target: Locator) => {
    for (;;) {
      if ((await target.count()) > 0 && (await target.first().isVisible())) return;
      if (spent >= BUDGET_MS) throw new Error(`not shown within ${BUDGET_MS} ms of the page's time`);
      await page.clock.runFor(STEP_MS);
      spent += STEP_MS;
      await new Promise((r) => setTimeout(r, STEP_MS));
    }
  };
  const total = () => page.getByTestId('devices-total').locator('dd');

  beforeAll(async () => {
    desk = await supportDesk();
    web = desk.web;
    opened = await web.newPage({ width: 1280, height: 900 });
    page = opened.page;
    await page.clock.install();
    await page.goto(`${web.origin}/support/`);
    // Before the login: a request on loopback gets the installation's figures (api/status), not "our own".
    await total().waitFor();
    expect(await page.getByText(OWN).count()).toBe(0);
    await page.getByLabel('Brugernavn', { exact: true }).waitFor();
    // From here on the page's time moves only in runUntil's steps.
    await page.clock.pauseAt(await page.evaluate(() => Date.now() + 10));
  }, 180_000);
  afterAll(async () => {
    expect(opened?.problems ?? []).toEqual([]);
    await opened?.context.close();
    await desk?.close();
  });

  it('shows her own municipality’s figures as soon as support has logged in', async () => {
    const sofie = desk.demo.staff.find((s) => s.username === 'sofie.berg')!;
    const totp = await enrolTotp(web.t, sofie.id);
    expect(await submitPassword(page, 'da', 'sofie.berg', DEMO_PASSWORD)).toBe(200);
    await runUntil(page.getByLabel('Kode fra appen'));
    await page.getByLabel('Kode fra appen').fill(await totp.code());
    await page.getByRole('button', { name: 'Log ind', exact: true }).click();
    await runUntil(page.getByRole('button', { name: 'Relationer' }));
    await runUntil(page.getByText(OWN));
  });

  it('counts a kiosk support registers at once, as the list does', async () => {
    await page.getByRole('button', { name: 'Skærme', exact: true }).click();
    await runUntil(page.getByTestId('device-table'));
    const before = Number(await total().textContent());
    await page.getByLabel('Skærmens mærkat (fx KBH-0001)').fill('KBH-0100');
    await page.getByRole('button', { name: 'Registrér skærm' }).click();
    await runUntil(page.getByTestId('device-count').getByText(`Viser ${before + 1} af ${before + 1}`));
    await runUntil(total().getByText(String(before + 1), { exact: true }));
  });
});
