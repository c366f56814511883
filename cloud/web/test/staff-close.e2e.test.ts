import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { staffTable } from '../../src/db/index.js';
import { PROBLEM_TEXTS_DA } from '../../src/kernel/http/problem-texts/da.js';
import { supportStrings } from '../src/pages/support/strings.js';
import { commonStrings } from '../src/shared/common-strings.js';
import { englishSentences, englishShown } from './browser-checks.js';
import { shoot } from './shots.js';
import { expectAccessible as expectAxe } from './staff-steps.js';
import { type DemoStaff, type SupportDesk, supportDesk } from './support-desk.js';
import type { WebCloud } from './web-cloud.js';

/**
 * Support closes a staff member who stops, by name, from the staff card or from the inactive-account alert
 * (support.md task 5): the question says what closing does, the card says closed afterwards, the cloud's refusal
 * is Danish, and it is not offered for oneself or a system administrator. The alert tells the truth about someone
 * who never logged in and says the date the account closes by itself. Walked as sofie.berg, by accessible names.
 */
const ENGLISH = englishSentences([supportStrings, commonStrings], Object.keys(PROBLEM_TEXTS_DA));
const DAY = 86_400_000;

async function expectAccessible(page: Page, screen: string) {
  await expectAxe(page, screen);
  expect(await englishShown(page, ENGLISH), screen).toEqual([]);
}

describe.skipIf(!hasChromium())('support closes a staff member by name', () => {
  let desk: SupportDesk;
  let web: WebCloud;
  let page: Page;
  let karen: DemoStaff;
  let annaCreated: Date;
  let annaId: string;
  let boId: string;

  beforeAll(async () => {
    desk = await supportDesk({ careDemo: true });
    web = desk.web;
    const { demo } = desk;
    const db = web.t.cloud.db.db;
    // Imported 76 days ago and never logged in: past the demo's 60-day warning, 44 days before the 120-day close.
    annaCreated = new Date(Date.now() - 76 * DAY);
    const [anna] = await db
      .insert(staffTable)
      .values({
        municipalityId: demo.municipalityId,
        username: 'anna.jensen',
        displayName: 'Anna Jensen',
        createdAt: annaCreated,
      })
      .returning();
    annaId = anna!.id;
    const [bo] = await db
      .insert(staffTable)
      .values({ municipalityId: demo.municipalityId, username: 'bo.brandt', displayName: 'Bo Brandt' })
      .returning();
    boId = bo!.id;
    karen = await desk.staff('karen.holm');
    ({ page } = await desk.logIn());
    await page.getByRole('button', { name: 'Advarsler' }).waitFor();
  });
  afterAll(async () => {
    await desk?.close();
  });

  /**
   * Types part of a name into the staff combobox and picks it with Enter, once the list holds only that name
   * (the list opened on focus holds everyone: Enter on it would pick the first of all staff).
   */
  const choose = async (typed: string, option: string) => {
    const box = page.getByRole('combobox', { name: 'Find medarbejder' });
    const options = page.getByRole('listbox', { name: 'Find medarbejder' }).getByRole('option');
    await box.fill(typed);
    await expect
      .poll(
        async () => {
          // The list closes when focus leaves the box; the down arrow opens it again, as a person would.
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

  it('keeps what support types over a chosen name, and lets the choice go', async () => {
    await page.getByRole('button', { name: 'Medarbejdere' }).click();
    await choose('Anna', 'Anna Jensen');
    const box = page.getByRole('combobox', { name: 'Find medarbejder' });
    await box.press('End');
    await box.press('Backspace');
    // The box emptied itself here (the choice let go reset it to no name), and the typed letters were lost.
    await expect.poll(() => box.inputValue(), { timeout: 3_000 }).toBe('Anna Jense');
    await page.waitForTimeout(500);
    expect(await box.inputValue()).toBe('Anna Jense');
    expect(await page.getByText('Valgt: Anna Jensen').count()).toBe(0);
  });

  it('says in the alert that Anna Jensen never logged in and when her account closes by itself, and opens her card', async () => {
    await page.getByRole('button', { name: 'Advarsler' }).click();
    const closes = new Date(annaCreated.getTime() + 120 * DAY).toLocaleDateString('da-DK', {
      dateStyle: 'long',
      timeZone: 'Europe/Copenhagen',
    });
    const alert = page.getByTestId('alert-list').getByRole('listitem').filter({ hasText: 'Anna Jensen' });
    await alert
      .getByText(
        `Anna Jensen er oprettet for 76 dage siden og har aldrig logget ind. Kontoen lukkes af sig selv den ${closes}.`,
      )
      .waitFor();
    // "har ikke logget ind i 76 dage" read as if she once had, beside her card's "Sidst logget ind: Aldrig".
    expect(await alert.textContent()).not.toContain('har ikke logget ind i');
    await shoot(page, 'staff-close-alert');
    await expectAccessible(page, 'inactive-account alert');
    await alert.getByRole('button', { name: 'Åbn Anna Jensen under Medarbejdere' }).click();
    const heading = page.getByRole('heading', { name: 'Anna Jensen', exact: true });
    await heading.waitFor();
    // Landed on her name (WCAG 2.2 SC 2.4.3), with "Medarbejdere" the section shown.
    expect(await heading.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.getByRole('button', { name: 'Medarbejdere' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await page.getByTestId('staff-card').getByText('Aldrig', { exact: true }).waitFor();
  });

  it('asks before closing her, says what closing does, and shows her card closed afterwards', async () => {
    const card = page.getByTestId('staff-card');
    await card.getByRole('button', { name: 'Luk Anna Jensen' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Luk Anna Jensen?' });
    await dialog.waitFor();
    const text = await dialog.textContent();
    expect(text).toContain('bliver logget ud med det samme alle steder');
    expect(text).toContain('åbne forbindelser lukkes');
    expect(text).toContain('Derefter kan Anna Jensen ikke logge ind.');
    expect(text).toContain('Kontoen kan åbnes igen senere med Nulstil adgang på kortet.');
    await shoot(page, 'staff-close-question');
    await expectAccessible(page, 'close staff confirmation');
    await dialog.getByRole('button', { name: 'Fortryd' }).click();
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    await card.getByRole('button', { name: 'Luk Anna Jensen' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Ja, luk Anna Jensen' }).click();
    await card
      .getByRole('status')
      .getByText('Anna Jensen er lukket og kan ikke længere logge ind.', { exact: true })
      .waitFor();
    const closedHeading = page.getByRole('heading', { name: 'Anna Jensen (lukket)' });
    await closedHeading.waitFor();
    // The question and its button are gone: focus lands on the card's name, not lost on the page.
    expect(await closedHeading.evaluate((el) => el === document.activeElement)).toBe(true);
    await card.getByText('Kontoen er lukket', { exact: true }).waitFor();
    expect(await card.getByRole('button', { name: 'Luk Anna Jensen' }).count()).toBe(0);
    // The answer follows the page into English and back (it was kept as Danish text).
    await page.getByRole('button', { name: 'English' }).click();
    await card
      .getByRole('status')
      .getByText('Anna Jensen is closed and can no longer log in.', { exact: true })
      .waitFor();
    await page.getByRole('button', { name: 'Dansk' }).click();
    await card
      .getByRole('status')
      .getByText('Anna Jensen er lukket og kan ikke længere logge ind.', { exact: true })
      .waitFor();
    const [row] = await web.t.cloud.db.db.select().from(staffTable).where(eq(staffTable.id, annaId));
    expect(row!.disabledAt).not.toBeNull();
    await shoot(page, 'staff-close-done');
    await expectAccessible(page, 'staff closed');
    // Closed, she is no longer an alert.
    await page.getByRole('button', { name: 'Advarsler' }).click();
    // The alerts' own time (the status box below says "Opdateret kl." too, when it has been read).
    await page
      .getByRole('region', { name: 'Det skal nogen se på' })
      .getByText('Opdateret kl.', { exact: false })
      .waitFor();
    expect(await page.getByText('Anna Jensen', { exact: false }).count()).toBe(0);
  });

  it('logs out at once a staff member who is logged in when support closes them', async () => {
    const staff = await karen.logIn('/staff/');
    try {
      await staff.page.getByTestId('day-plan').waitFor();
      await page.getByRole('button', { name: 'Medarbejdere' }).click();
      await choose('karen', 'Karen Holm');
      await page.getByTestId('staff-card').getByRole('button', { name: 'Luk Karen Holm' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Ja, luk Karen Holm' }).click();
      await page.getByText('Karen Holm er lukket og kan ikke længere logge ind.').waitFor();
      await staff.page.reload();
      await staff.page.getByLabel('Brugernavn', { exact: true }).waitFor();
    } finally {
      await staff.context.close();
    }
  });

  it('does not offer to close yourself or a system administrator, and says why', async () => {
    await page.getByRole('button', { name: 'Medarbejdere' }).click();
    await choose('sofie', 'Sofie Berg');
    const card = page.getByTestId('staff-card');
    await card.getByRole('heading', { name: 'Sofie Berg' }).waitFor();
    await card
      .getByText('Det er dig. Du kan ikke lukke din egen konto: bed en kollega i support om det.')
      .waitFor();
    expect(await card.getByRole('button', { name: /^Luk / }).count()).toBe(0);
    await choose('henrik', 'Henrik Dahl');
    await card.getByRole('heading', { name: 'Henrik Dahl' }).waitFor();
    await card
      .getByText(
        'Henrik Dahl er systemadministrator. Support kan ikke lukke en systemadministrator; det kan kun en anden systemadministrator.',
      )
      .waitFor();
    expect(await card.getByRole('button', { name: /^Luk / }).count()).toBe(0);
    await shoot(page, 'staff-close-not-admin');
    await expectAccessible(page, 'system administrator not offered');
  });

  it('shows the cloud’s refusal in Danish, in the question, and leaves the account open', async () => {
    await page.getByRole('button', { name: 'Medarbejdere' }).click();
    await choose('brandt', 'Bo Brandt');
    const card = page.getByTestId('staff-card');
    await card.getByRole('button', { name: 'Luk Bo Brandt' }).click();
    // Made a system administrator meanwhile (by /admin/ or SCIM): the cloud refuses support.
    await web.t.cloud.db.db.update(staffTable).set({ role: 'system_admin' }).where(eq(staffTable.id, boId));
    const dialog = page.getByRole('alertdialog', { name: 'Luk Bo Brandt?' });
    await dialog.getByRole('button', { name: 'Ja, luk Bo Brandt' }).click();
    await dialog.getByTestId('action-error').getByText('Du må ikke gøre dette.').waitFor();
    await expectAccessible(page, 'close refused');
    const [row] = await web.t.cloud.db.db.select().from(staffTable).where(eq(staffTable.id, boId));
    expect(row!.disabledAt).toBeNull();
  });
});
