import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { loadAutoAnswerPolicy, setDoNotDisturb } from '../../src/care/index.js';
import { citizenRef, citizensTable, DEMO_DEVICE_LABEL, staffTable } from '../../src/db/index.js';
import { PROBLEM_TEXTS_DA } from '../../src/kernel/http/problem-texts/da.js';
import { staffStrings } from '../src/pages/staff/strings.js';
import { supportStrings } from '../src/pages/support/strings.js';
import { commonStrings } from '../src/shared/common-strings.js';
import { englishSentences, englishShown } from './browser-checks.js';
import { shoot } from './shots.js';
import { expectAccessible as expectAxe } from './staff-steps.js';
import { type SupportDesk, supportDesk } from './support-desk.js';
import type { WebCloud } from './web-cloud.js';

/**
 * Auto-answer is the citizen's (cloud/src/care/auto-answer.ts), walked as support from the demo data by
 * accessible names: support finds Aase Pedersen, reads what her policy does (10 s, quiet 22–07), changes the
 * countdown to 20 s and sees it, also after a reload; her kiosk's page (the demo kiosk, lent to her by seedDemo)
 * then names her policy read-only, a kiosk lent to nobody names none, and the kiosk-level "Besvar selv opkald"
 * checkbox the kiosk agent never followed is gone. axe on both screens.
 */
const ENGLISH = englishSentences(
  [supportStrings, staffStrings, commonStrings],
  Object.keys(PROBLEM_TEXTS_DA),
);
const LABEL = 'KBH-AUTO-1';

async function expectAccessible(page: Page, screen: string) {
  await expectAxe(page, screen);
  expect(await englishShown(page, ENGLISH), screen).toEqual([]);
}

describe.skipIf(!hasChromium())('support sees and changes a citizen’s auto-answer, not the kiosk’s', () => {
  let desk: SupportDesk;
  let web: WebCloud;
  let page: Page;
  let aaseId: string;

  beforeAll(async () => {
    desk = await supportDesk({ careDemo: true });
    web = desk.web;
    const db = web.t.cloud.db.db;
    const [aase] = await db
      .select()
      .from(citizensTable)
      .where(eq(citizensTable.displayName, 'Aase Pedersen'));
    aaseId = aase!.id;
    ({ page } = await desk.logIn());
    await page.getByRole('button', { name: 'Borgere' }).waitFor();
  }, 180_000);
  afterAll(async () => {
    await desk?.close();
  });

  const openAase = async () => {
    await page.getByRole('button', { name: 'Borgere' }).click();
    const box = page.getByRole('combobox', { name: 'Find en borger' });
    await box.fill('Aase');
    await page.getByRole('option', { name: 'Aase Pedersen' }).first().waitFor();
    await box.press('Enter');
    await page.getByText('Valgt: Aase Pedersen').first().waitFor();
    await page.getByRole('heading', { name: 'Opkald der besvares af sig selv' }).waitFor();
  };
  const policyNow = () => page.getByTestId('auto-answer-now');

  it('changes Aase Pedersen’s countdown on her page and sees it, also after a reload', async () => {
    await openAase();
    expect(await policyNow().textContent()).toBe(
      'Opkald fra personale besvares af sig selv efter 10 sekunder; borgeren kan nå at afvise. Aldrig i stille timer (kl. 22.00 til 07.00).',
    );
    expect(await page.getByLabel('Besvar opkald fra personale af sig selv').isChecked()).toBe(true);
    expect(await page.getByLabel('Stille fra kl.').inputValue()).toBe('22:00');
    expect(await page.getByLabel('Stille til kl.').inputValue()).toBe('07:00');
    await expectAccessible(page, 'citizen page, auto-answer');
    await shoot(page, 'auto-answer-1-citizen');

    await page.getByLabel('Sekunder før opkaldet besvares (3–60)').fill('20');
    await page.getByRole('button', { name: 'Gem for Aase Pedersen' }).click();
    await page.getByRole('status').getByText('Gemt for Aase Pedersen.').waitFor();
    // The answer follows the page into English and back (it was kept as Danish text).
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('status').getByText('Saved for Aase Pedersen.', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Dansk' }).click();
    await page.getByRole('status').getByText('Gemt for Aase Pedersen.', { exact: true }).waitFor();
    expect(await policyNow().textContent()).toContain('efter 20 sekunder');
    expect((await loadAutoAnswerPolicy(web.t.cloud.db.db, aaseId))?.countdownSeconds).toBe(20);
    await expectAccessible(page, 'citizen page, auto-answer saved');
    await shoot(page, 'auto-answer-2-saved');

    await page.reload();
    await openAase();
    expect(await policyNow().textContent()).toContain('efter 20 sekunder');
    expect(await page.getByLabel('Sekunder før opkaldet besvares (3–60)').inputValue()).toBe('20');
  });

  it('names her policy read-only on the kiosk lent to her, with no kiosk-level auto-answer to tick', async () => {
    await page.getByRole('button', { name: 'Skærme' }).click();
    await page.getByLabel('Skærmens mærkat (fx KBH-0001)').fill(LABEL);
    await page.getByRole('button', { name: 'Registrér skærm' }).click();
    await page
      .getByRole('button', { name: `Åbn ${LABEL}` })
      .first()
      .click();
    await page.getByRole('heading', { name: `Skærm ${LABEL}` }).waitFor();
    // Not lent: no line about anyone's policy, and nothing about auto-answer to tick.
    await page.getByRole('heading', { name: 'Skærmens indstillinger' }).waitFor();
    expect(await page.getByTestId('kiosk-auto-answer').count()).toBe(0);
    expect(await page.getByRole('checkbox', { name: /Besvar selv opkald/ }).count()).toBe(0);
    await shoot(page, 'auto-answer-3-kiosk-not-lent');

    // The demo's kiosk is lent to Aase Pedersen (seedDemo).
    await page.getByRole('button', { name: 'Tilbage til alle skærme' }).click();
    await page
      .getByRole('button', { name: `Åbn ${DEMO_DEVICE_LABEL}` })
      .first()
      .click();
    await page
      .getByTestId('lent-to')
      .getByText(`Udlånt til Aase Pedersen (Ref. ${citizenRef(aaseId)}).`)
      .waitFor();
    const line = page.getByTestId('kiosk-auto-answer');
    // The sentence, then a button to where it is changed (her card under Borgere).
    const sentence = line.locator('p').first();
    await sentence.getByText('(Aase Pedersens indstilling).').waitFor();
    expect(await sentence.textContent()).toBe(
      'Besvar selv opkald: Besvares af sig selv efter 20 sekunder, aldrig kl. 22.00 til 07.00 (Aase Pedersens indstilling).',
    );
    await line.getByRole('button', { name: 'Ret Aase Pedersens indstilling' }).waitFor();
    expect(await line.getByTestId('kiosk-auto-answer-dnd').count()).toBe(0);

    // "Forstyr ikke" set by staff meanwhile (here straight in the store): the kiosk page says it at its next
    // re-read, since nothing answers by itself until then; cleared, the sentence goes again.
    const db = web.t.cloud.db.db;
    const [sofie] = await db.select().from(staffTable).where(eq(staffTable.username, 'sofie.berg'));
    const dnd = (until: Date | null) =>
      setDoNotDisturb(db, { citizenId: aaseId, until, staffId: sofie!.id, at: new Date() });
    await dnd(new Date(Date.now() + 3 * 24 * 3_600_000));
    const said = line.getByTestId('kiosk-auto-answer-dnd');
    await said.waitFor({ timeout: 10_000 });
    expect(await said.textContent()).toMatch(
      /^Forstyr ikke til .+ \(sat af personalet\): indtil da besvares intet opkald af sig selv\.$/,
    );
    await shoot(page, 'auto-answer-5-kiosk-dnd');
    await dnd(null);
    await said.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await page.getByRole('checkbox', { name: /Besvar selv opkald/ }).count()).toBe(0);
    expect(await page.getByLabel('Sekunder før den svarer selv').count()).toBe(0);
    await expectAccessible(page, 'device page, lent to Aase');
    await shoot(page, 'auto-answer-4-kiosk-lent');
  });
});
