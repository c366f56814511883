import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { seriousViolations } from './browser-checks.js';
import {
  activateCitizen,
  type CallsCloud,
  letBirtheCallTheTeam,
  seedCallWorld,
  startCallsCloud,
} from './calls-world.js';
import { shoot } from './shots.js';

const PHONE = { width: 390, height: 844 };

/**
 * The citizen's own phone (390×844), borger.md: a refusal "uden for det aftalte tidsrum" says when she can call
 * again, in Copenhagen time; the code form's error follows a change of language; and "Log ud" on a borrowed
 * phone asks first, then leaves the phone unbound (a reload shows the code form, not her page).
 */
describe.skipIf(!hasChromium())('the citizen on her own (or a borrowed) phone', () => {
  let cloud: CallsCloud;
  beforeAll(async () => {
    cloud = await startCallsCloud();
  }, 120_000);
  afterAll(async () => {
    await cloud?.close();
  });

  it('says the code form’s error in English once she switches to English', async () => {
    const { page, context } = await cloud.newPage(PHONE);
    try {
      await page.goto(`${cloud.origin}/citizen/`);
      await page.getByLabel('Din kode').fill('AAAA-BBBB-CCCC');
      await page.getByRole('button', { name: 'Fortsæt' }).click();
      await page.getByText('Koden er brugt eller for gammel. Bed hjemmeplejen om en ny kode.').waitFor();
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByText('The code has been used or is too old. Ask home care for a new code.').waitFor();
      expect(await page.locator('#code-error').innerText()).not.toMatch(/Koden|hjemmeplejen/);
      await shoot(page, 'citizen-code-error-en');
    } finally {
      await context.close();
    }
  });

  it('says when she can call the team again, and logs out of a borrowed phone for good', async () => {
    const world = await seedCallWorld(cloud);
    // She may call the team one hour a day, starting two whole hours from now (Copenhagen wall clock): now is
    // always outside it, at any hour, and it opens today or (after 22.00) tomorrow.
    const now = DateTime.fromMillis(cloud.t.clock.now(), { zone: 'Europe/Copenhagen' });
    const opens = now.startOf('hour').plus({ hours: 2 });
    const hhmm = (d: DateTime) => d.toFormat('HH:mm');
    await letBirtheCallTheTeam(cloud, world, [
      { days: [1, 2, 3, 4, 5, 6, 7], from: hhmm(opens), to: hhmm(opens.plus({ hours: 1 })) },
    ]);
    const { page, context } = await cloud.newPage({ ...PHONE, timezoneId: 'Europe/Copenhagen' });
    try {
      await activateCitizen(page, cloud, world.code);
      const callTeam = page.getByRole('button', { name: 'Ring til hjemmeplejen' });
      await callTeam.click();
      const day = opens.hasSame(now, 'day') ? 'i dag' : 'i morgen';
      const when = `Du kan ringe igen ${day} kl. ${opens.hour}.00.`;
      await page.getByTestId('next-call').getByText(when).waitFor();
      await shoot(page, 'citizen-next-call');
      expect(await seriousViolations(page), 'refused').toEqual([]);
      await page.getByRole('button', { name: 'OK' }).click();

      // "Log ud": last on the page, asked first; "Nej" keeps her logged in.
      const logOut = page.getByRole('button', { name: 'Log ud' });
      await logOut.click();
      await page.getByRole('button', { name: 'Nej, bliv logget ind' }).click();
      await expect(callTeam.isVisible()).resolves.toBe(true);
      await logOut.click();
      await page.getByText('Så ringer denne telefon, tablet eller computer ikke mere til dig.').waitFor();
      await shoot(page, 'citizen-log-out-question');
      expect(await seriousViolations(page), 'log out question').toEqual([]);
      await page.getByRole('button', { name: 'Ja, log ud' }).click();
      await page.getByRole('heading', { name: 'Du er logget ud' }).waitFor();
      await page.getByTestId('logged-out').waitFor();
      await shoot(page, 'citizen-logged-out');
      expect(await seriousViolations(page), 'logged out').toEqual([]);

      // The next person to open the page on this phone finds the code form, not her page.
      await page.reload();
      await page.getByLabel('Din kode').waitFor();
      expect(await page.getByText('Hej Birthe').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
