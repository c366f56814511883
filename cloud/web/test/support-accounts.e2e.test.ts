import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { PROBLEM_TEXTS_DA } from '../../src/kernel/http/problem-texts/da.js';
import { supportStrings } from '../src/pages/support/strings.js';
import { commonStrings } from '../src/shared/common-strings.js';
import { englishSentences, englishShown } from './browser-checks.js';
import { DEMO_PASSWORD } from './demo-staff.js';
import { shoot } from './shots.js';
import { enrolOnPage, expectAccessible as expectAxe, submitPassword } from './staff-steps.js';
import { type DemoStaff, type SupportDesk, supportDesk } from './support-desk.js';
import type { WebCloud } from './web-cloud.js';

/**
 * "Nulstil adgang" walked end to end on the real cloud in Chromium, by accessible names (support.md task 12a):
 * 2nd line (nina.vestergaard) gives a locked-out support worker (sofie.berg) her access back under Supportkonti,
 * and support gives a staff member (karen.holm) hers from the staff card. The question says what happens in plain
 * Danish, the temporary password is shown once with the username, the person's open page is logged out, her old
 * password no longer works, and the temporary one makes her choose her own and add the app again.
 */
const ENGLISH = englishSentences([supportStrings, commonStrings], Object.keys(PROBLEM_TEXTS_DA));
const OWN_PASSWORD = 'Blæksprutte-Cykelhjelm-Solsikke-93';

async function expectAccessible(page: Page, screen: string) {
  await expectAxe(page, screen);
  expect(await englishShown(page, ENGLISH), screen).toEqual([]);
}

describe.skipIf(!hasChromium())('resetting a locked-out person’s access', () => {
  let desk: SupportDesk;
  let web: WebCloud;
  let sofie: DemoStaff;
  let nina: DemoStaff;
  let karen: DemoStaff;
  const contexts: BrowserContext[] = [];
  const problems: string[][] = [];

  beforeAll(async () => {
    desk = await supportDesk();
    web = desk.web;
    sofie = await desk.staff('sofie.berg');
    nina = await desk.staff('nina.vestergaard');
    karen = await desk.staff('karen.holm');
  });
  afterAll(async () => {
    for (const p of problems) expect(p).toEqual([]);
    for (const c of contexts) await c.close();
    await desk?.close();
  });

  const opened = (o: { context: BrowserContext; page: Page; problems: string[] }) => {
    contexts.push(o.context);
    problems.push(o.problems);
    return o.page;
  };

  /** The person logs in with the temporary password, chooses her own and adds the app again, on `path`. */
  const firstLoginAfterReset = async (username: string, path: string, temporary: string) => {
    const page = opened(await web.newPage());
    await page.goto(`${web.origin}${path}`);
    // Her old password is gone with the reset.
    expect(await submitPassword(page, 'da', username, DEMO_PASSWORD)).toBe(401);
    expect(await submitPassword(page, 'da', username, temporary)).toBe(200);
    await page.getByRole('heading', { name: 'Vælg din egen adgangskode' }).waitFor();
    await page.getByText('Du har fået en midlertidig adgangskode.', { exact: false }).waitFor();
    await page.getByLabel('Midlertidig adgangskode').fill(temporary);
    await page.getByLabel('Ny adgangskode', { exact: true }).fill(OWN_PASSWORD);
    await page.getByRole('button', { name: 'Gem adgangskoden og fortsæt' }).click();
    // Her old app is gone too: she adds one again, from a new QR code, before she is let in.
    await page.locator('img.qr-code').waitFor();
    await enrolOnPage(page, 'da', web.t.clock);
    await page.getByRole('button', { name: 'Jeg har skrevet koderne ned' }).click();
    return page;
  };

  /**
   * Types part of a name into the staff combobox and picks it with Enter, once the list holds only that name
   * (as staff-close.e2e: Enter on the list opened on focus would pick the first of all staff).
   */
  const choose = async (page: Page, typed: string, option: string) => {
    const box = page.getByRole('combobox', { name: 'Find medarbejder' });
    const options = page.getByRole('listbox', { name: 'Find medarbejder' }).getByRole('option');
    await box.fill(typed);
    await expect
      .poll(
        async () => {
          if ((await box.getAttribute('aria-expanded')) !== 'true') await box.press('ArrowDown');
          const shown = await options.allTextContents();
          return shown.length > 0 && shown.every((o) => o.startsWith(option));
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    await box.press('Enter');
    await page.getByText(`Valgt: ${option}`).first().waitFor();
  };

  it('lets support reset a staff member from the card; she chooses her own password and adds the app again', async () => {
    const karenAtWork = opened(await karen.logIn('/staff/'));
    await karenAtWork.getByTestId('home-role').waitFor();

    const page = opened(await sofie.logIn('/support/'));
    await page.getByRole('button', { name: 'Medarbejdere' }).click();
    await choose(page, 'karen', 'Karen Holm');
    const card = page.getByTestId('staff-card');
    await card.getByText('Har valgt en adgangskode', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Nulstil adgang for Karen Holm' }).click();
    const question = page.getByRole('alertdialog', { name: 'Nulstil adgang for Karen Holm?' });
    await question.waitFor();
    expect(await question.textContent()).toContain(
      'Karen Holm får en midlertidig adgangskode, som du giver videre.',
    );
    await expectAccessible(page, 'staff card reset question');
    await shoot(page, 'staff-reset-question');
    await question.getByRole('button', { name: 'Ja, nulstil adgangen' }).click();

    const field = card.getByLabel('Midlertidig adgangskode (vises kun nu)');
    await field.waitFor();
    const temporary = await field.inputValue();
    expect(temporary).toMatch(/^[a-hjkmnp-z2-9]{20}$/);
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
    await card.getByText('Brugernavn: karen.holm', { exact: true }).waitFor();
    // The card reads her again: her password is now the temporary one, not one she chose.
    await card
      .getByText('Har en midlertidig adgangskode, der skal skiftes ved næste login', { exact: true })
      .waitFor();
    await expectAccessible(page, 'staff card temporary password');
    await shoot(page, 'staff-reset-password');

    // Her open page was logged out by the reset.
    await karenAtWork.reload();
    await karenAtWork.getByLabel('Brugernavn', { exact: true }).waitFor();

    const back = await firstLoginAfterReset('karen.holm', '/staff/', temporary);
    await back.getByTestId('home-name').getByText('Karen Holm', { exact: true }).waitFor();
    // Once she has chosen her own, the card says so.
    await page.getByRole('button', { name: 'Koden er givet videre – skjul den' }).click();
    await page.getByRole('button', { name: 'Borgere' }).click();
    await page.getByRole('button', { name: 'Medarbejdere' }).click();
    await choose(page, 'karen', 'Karen Holm');
    await card.getByText('Har valgt en adgangskode', { exact: true }).waitFor();
  }, 120_000);

  it('lets 2nd line reset a support worker under Supportkonti; she logs in once with the temporary password', async () => {
    const sofieDesk = opened(await sofie.logIn('/support/'));
    await sofieDesk.getByRole('button', { name: 'Medarbejdere' }).waitFor();

    const page = opened(await nina.logIn('/support/'));
    await page.getByRole('button', { name: 'Supportkonti' }).click();
    await page.getByRole('heading', { name: 'Kommunens supportkonti' }).waitFor();
    const row = page.getByRole('article', { name: 'Sofie Berg' });
    await row.getByText('Åben', { exact: true }).waitFor();
    // 2nd line's own account (and any 2nd-line account) is reset by operations: the row says so, with no button.
    const own = page.getByRole('article', { name: 'Nina Vestergaard' });
    await own
      .getByText('Konti for leverandørens support (2. linje) nulstilles af driften, ikke her.', {
        exact: true,
      })
      .waitFor();
    await own.getByText('Leverandørens support', { exact: true }).waitFor();
    expect(await own.getByRole('button').count()).toBe(0);
    await expectAccessible(page, 'Supportkonti');
    await shoot(page, 'support-accounts');

    await row.getByRole('button', { name: 'Nulstil adgang for Sofie Berg' }).click();
    const question = page.getByRole('alertdialog', { name: 'Nulstil adgang for Sofie Berg?' });
    await question.waitFor();
    const text = (await question.textContent()) ?? '';
    expect(text).toContain('Sofie Berg får en midlertidig adgangskode, som du giver videre.');
    expect(text).toContain('holder op med at virke med det samme');
    expect(text).toContain('bliver logget ud alle steder');
    expect(text).toContain('Ved næste login vælger Sofie Berg sin egen adgangskode');
    await expectAccessible(page, 'reset question');
    await shoot(page, 'support-accounts-question');
    await question.getByRole('button', { name: 'Fortryd' }).click();
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    await row.getByRole('button', { name: 'Nulstil adgang for Sofie Berg' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Ja, nulstil adgangen' }).click();

    const field = row.getByLabel('Midlertidig adgangskode (vises kun nu)');
    await field.waitFor();
    const temporary = await field.inputValue();
    expect(temporary).toMatch(/^[a-hjkmnp-z2-9]{20}$/);
    // Focus lands on the code as the question closes, and the username the person needs is beside it.
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
    await row.getByText('Brugernavn: sofie.berg', { exact: true }).waitFor();
    await row.getByText('Adgangen for Sofie Berg er nulstillet.', { exact: false }).waitFor();
    // The row reads the list again: her app is gone.
    await row.getByText('Åben, uden godkendelsesapp endnu', { exact: true }).waitFor();
    await expectAccessible(page, 'temporary password');
    await shoot(page, 'support-accounts-password');
    await row.getByRole('button', { name: 'Koden er givet videre – skjul den' }).click();
    expect(await row.getByLabel('Midlertidig adgangskode (vises kun nu)').count()).toBe(0);
    // Focus goes back to the button the code came from, not to the top of the page.
    const again = row.getByRole('button', { name: 'Nulstil adgang for Sofie Berg' });
    await expect.poll(() => again.evaluate((el) => el === document.activeElement)).toBe(true);

    // Her open desk was logged out by the reset.
    await sofieDesk.reload();
    await sofieDesk.getByLabel('Brugernavn', { exact: true }).waitFor();

    const back = await firstLoginAfterReset('sofie.berg', '/support/', temporary);
    await back.getByRole('button', { name: 'Medarbejdere' }).waitFor();
    await page.getByRole('button', { name: 'Skærme' }).click();
    await page.getByRole('button', { name: 'Supportkonti' }).click();
    await page.getByRole('article', { name: 'Sofie Berg' }).getByText('Åben', { exact: true }).waitFor();
  }, 120_000);
});
