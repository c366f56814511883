import { and, eq, isNull } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { seedCareDemo } from '../../src/care/index.js';
import { citizenCredentialsTable, citizensTable, seedDemo, sessionsTable } from '../../src/db/index.js';
import { PROBLEM_TEXTS_DA } from '../../src/kernel/http/problem-texts/da.js';
import { staffStrings } from '../src/pages/staff/strings.js';
import { supportStrings } from '../src/pages/support/strings.js';
import { commonStrings } from '../src/shared/common-strings.js';
import { englishSentences, englishShown } from './browser-checks.js';
import { DEMO_PASSWORD, demoStaff } from './demo-staff.js';
import { shoot } from './shots.js';
import { expectAccessible as expectAxe } from './staff-steps.js';
import { startWebCloud, type WebCloud } from './web-cloud.js';

/**
 * support.md task 4, "Borgerens telefon eller tablet er mistet", walked as support by accessible names and
 * without an id: Else Mortensen's card lists her own phones, tablets and computers (none, then the phone her
 * code bound, with when it was bound and last logged in in Danish time on a laptop set to UTC); support revokes
 * it behind a question that says what happens, and that phone's open page (a second browser) is logged out and
 * shows the code form at once; the answer offers a new code, which binds her new phone as nr. 2 while nr. 1
 * stays revoked. axe and "no English on a Danish screen" on each new screen.
 */
const ENGLISH = englishSentences(
  [supportStrings, staffStrings, commonStrings],
  Object.keys(PROBLEM_TEXTS_DA),
);
const ELSE = 'Else Mortensen';
const CODE = /[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}/;

async function expectAccessible(page: Page, screen: string) {
  await expectAxe(page, screen);
  expect(await englishShown(page, ENGLISH), screen).toEqual([]);
}

/** Written independently of the page's formatter: "3. december 2026 kl. 14.05 (dansk tid)". */
const copenhagen = (at: Date) =>
  `${DateTime.fromJSDate(at, { zone: 'Europe/Copenhagen' })
    .setLocale('da')
    .toFormat("d. MMMM yyyy 'kl.' HH.mm")} (dansk tid)`;

describe.skipIf(!hasChromium())('support revokes a citizen’s lost phone on her card', () => {
  let web: WebCloud;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let elseId: string;
  const citizenContexts: BrowserContext[] = [];

  beforeAll(async () => {
    // The cloud's own check of open sockets' sessions only every 5 minutes: a revoked phone's page hears of it
    // at once only because revoking closes its socket (not at that check, 30 s in production).
    web = await startWebCloud({ env: { WS_SESSION_CHECK_SECONDS: '300' } });
    const db = web.t.cloud.db.db;
    const demo = await seedDemo(db, { now: new Date(), password: DEMO_PASSWORD });
    if (!demo) throw new Error('the demo data was already there');
    await seedCareDemo(db, demo.municipalityId, new Date());
    const [row] = await db.select().from(citizensTable).where(eq(citizensTable.displayName, ELSE));
    elseId = row!.id;
    // A support laptop set to UTC: every time on the card is Copenhagen's, and says so.
    ({ context, page, problems } = await (await demoStaff(web, demo, 'sofie.berg')).logIn('/support/', {
      width: 1280,
      height: 900,
      timezoneId: 'UTC',
    }));
    await page.getByRole('button', { name: 'Borgere' }).waitFor();
  }, 180_000);
  afterAll(async () => {
    expect(problems).toEqual([]);
    for (const c of citizenContexts) await c.close();
    await context?.close();
    await web?.close();
  });

  const credentials = () =>
    web.t.cloud.db.db
      .select()
      .from(citizenCredentialsTable)
      .where(eq(citizenCredentialsTable.citizenId, elseId))
      .orderBy(citizenCredentialsTable.createdAt);
  const list = () => page.getByTestId('own-devices');
  const items = async () =>
    (await list().getByTestId('own-device').allInnerTexts()).map((text) =>
      text
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
    );

  /** Support sends a code by SMS from the card (task 2) and reads it as the demo's outbox would have sent it. */
  async function smsCodeFromCard(): Promise<string> {
    const outbox = () =>
      page.evaluate(async () => {
        const res = await fetch('/api/activation-outbox');
        return (await res.json()) as { body: string }[];
      });
    const before = (await outbox()).length;
    await page.getByRole('radio', { name: 'SMS' }).check();
    // As support writes a Danish mobile: 8 digits in pairs, no +45 (the hint's own example's form).
    await page.getByLabel('Mobilnummer').fill('12 34 56 78');
    await page.getByRole('button', { name: 'Send SMS' }).click();
    // (the notice of an earlier SMS may still stand: wait for this one's message)
    await expect.poll(async () => (await outbox()).length).toBe(before + 1);
    await page.getByTestId('code-issued').getByText('SMS’en er sendt.', { exact: false }).waitFor();
    const code = (await outbox())[0]?.body.match(CODE)?.[0];
    if (!code) throw new Error('no code in the outbox');
    return code;
  }

  /** The citizen opens the SMS's link on a phone of her own (a browser of its own) and is ready to be rung. */
  async function phoneWith(code: string): Promise<Page> {
    const phone = await web.newPage({ width: 320, height: 640 });
    citizenContexts.push(phone.context);
    await phone.page.goto(`${web.origin}/citizen/?code=${code}`);
    // The municipality's help number (the demo seed's made-up one) as a link the phone dials, before login too.
    const help = phone.page.getByTestId('help-line').getByRole('link', { name: '12 34 56 78' });
    expect(await help.getAttribute('href')).toBe('tel:12345678');
    await phone.page.getByRole('button', { name: 'Fortsæt' }).click();
    await phone.page.getByRole('button', { name: 'Gå videre' }).click();
    await phone.page.getByTestId('citizen-waiting').waitFor();
    expect(await help.getAttribute('href')).toBe('tel:12345678');
    return phone.page;
  }

  let lostPhone: Page;

  it('says plainly that Else Mortensen has no phone, tablet or computer bound yet', async () => {
    const box = page.getByRole('combobox', { name: 'Find en borger' });
    await box.fill('Else');
    // ("Else" also finds Bent Nielsen, who may come first: choose her by name)
    await page.getByRole('option', { name: ELSE }).first().click();
    await page.getByText(`Valgt: ${ELSE}`).first().waitFor();
    await page.getByRole('heading', { name: 'Borgerens egne telefoner, tablets og computere' }).waitFor();
    await list().getByTestId('own-devices-summary').waitFor();
    expect(await list().getByTestId('own-devices-summary').textContent()).toBe(
      'Else Mortensen har ingen egen telefon, tablet eller computer koblet til. Med en aktiveringskode (herunder) kan borgeren komme i gang.',
    );
    expect(
      await list()
        .getByRole('button', { name: /^Tilbagekald/ })
        .count(),
    ).toBe(0);
    await expectAccessible(page, 'own devices, none');
    await shoot(page, 'lost-phone-1-none');
  });

  it('lists the phone her code bound: number, when bound and last logged in, in Danish time', async () => {
    lostPhone = await phoneWith(await smsCodeFromCard());
    await list().getByRole('button', { name: 'Hent listen igen' }).click();
    await list().getByTestId('own-device').first().waitFor();
    const [bound] = await credentials();
    expect(await items()).toEqual([
      [
        'Nr. 1: Virker',
        `Koblet til ${copenhagen(bound!.createdAt)}`,
        `Sidst logget ind ${copenhagen(bound!.lastUsedAt)}`,
        'Tilbagekald nr. 1',
      ],
    ]);
    expect(await list().getByTestId('own-devices-summary').count()).toBe(0);
    await expectAccessible(page, 'own devices, one');
    await shoot(page, 'lost-phone-2-one');
  });

  it('revokes it behind a question that says what happens; her open page is logged out and asks for a code', async () => {
    const [bound] = await credentials();
    await list().getByRole('button', { name: 'Tilbagekald nr. 1' }).click();
    const question = page.getByRole('dialog', { name: 'Tilbagekald nr. 1 for Else Mortensen?' });
    await question.waitFor();
    expect(await question.getByRole('paragraph').first().textContent()).toBe(
      `Den telefon, tablet eller computer, der blev koblet til ${copenhagen(bound!.createdAt)}, bliver logget ud med det samme. Derefter kan den hverken ringe eller blive ringet op. Vil Else Mortensen bruge en ny telefon, tablet eller computer, skal borgeren have en ny aktiveringskode.`,
    );
    await expectAccessible(page, 'own devices, the question');
    await shoot(page, 'lost-phone-3-question');
    // "Fortryd" changes nothing.
    await question.getByRole('button', { name: 'Fortryd' }).click();
    expect((await credentials())[0]!.revokedAt).toBeNull();

    await list().getByRole('button', { name: 'Tilbagekald nr. 1' }).click();
    await question.getByRole('button', { name: 'Tilbagekald nr. 1' }).click();
    await page
      .getByRole('status')
      .getByText('Nr. 1 er tilbagekaldt og logget ud. Den kan ikke længere ringe eller blive ringet op.', {
        exact: true,
      })
      .waitFor();
    const [revoked] = await credentials();
    expect(revoked!.revokedAt).not.toBeNull();
    expect(await items()).toEqual([
      [
        `Nr. 1: Tilbagekaldt ${copenhagen(revoked!.revokedAt!)}`,
        `Koblet til ${copenhagen(revoked!.createdAt)}`,
        `Sidst logget ind ${copenhagen(revoked!.lastUsedAt)}`,
      ],
    ]);
    expect(await list().getByTestId('own-devices-summary').textContent()).toBe(
      'Ingen af dem virker nu. Vil Else Mortensen bruge en telefon, tablet eller computer, skal borgeren have en ny aktiveringskode (herunder).',
    );
    const live = await web.t.cloud.db.db
      .select()
      .from(sessionsTable)
      .where(and(eq(sessionsTable.citizenId, elseId), isNull(sessionsTable.revokedAt)));
    expect(live).toEqual([]);

    // The lost phone's open page: the code form, not the waiting screen and no false "Vi prøver igen".
    await lostPhone.getByLabel('Din kode').waitFor({ timeout: 10_000 });
    expect(await lostPhone.getByTestId('citizen-waiting').count()).toBe(0);
    expect(await lostPhone.getByText('Vi prøver igen', { exact: false }).count()).toBe(0);
    await shoot(lostPhone, 'lost-phone-4-the-lost-phone-320');

    // The question's button is gone with what it revoked; focus is on the way on, a new code.
    const newCode = page.getByRole('button', { name: 'Lav en ny aktiveringskode til Else Mortensen' });
    expect(await newCode.evaluate((b) => b === document.activeElement)).toBe(true);
    await expectAccessible(page, 'own devices, revoked');
    await shoot(page, 'lost-phone-5-revoked');
    await newCode.click();
    const codeHeading = page.getByRole('heading', { name: 'Aktiveringskode til Else Mortensen' });
    expect(await codeHeading.evaluate((h) => h === document.activeElement)).toBe(true);

    // The answer follows a change of language, as the rest of the page does (it stayed Danish in English).
    await page.getByRole('button', { name: 'English' }).click();
    await page
      .getByRole('status')
      .getByText('No. 1 is revoked and logged out. It can no longer call or be called.', { exact: true })
      .waitFor();
    await page.getByRole('button', { name: 'Dansk' }).click();
    await list().getByText('Nr. 1: Tilbagekaldt', { exact: false }).waitFor();
  });

  it('binds her new phone with the new code as nr. 2, and nr. 1 stays revoked', async () => {
    await phoneWith(await smsCodeFromCard());
    await list().getByRole('button', { name: 'Hent listen igen' }).click();
    await list().getByText('Nr. 2: Virker').waitFor();
    const [, second] = await credentials();
    const shown = await items();
    expect(shown.map((lines) => lines[0])).toEqual([
      expect.stringMatching(/^Nr\. 1: Tilbagekaldt /),
      'Nr. 2: Virker',
    ]);
    expect(shown[1]).toEqual([
      'Nr. 2: Virker',
      `Koblet til ${copenhagen(second!.createdAt)}`,
      `Sidst logget ind ${copenhagen(second!.lastUsedAt)}`,
      'Tilbagekald nr. 2',
    ]);
    expect(await list().getByRole('button', { name: 'Tilbagekald nr. 1' }).count()).toBe(0);
    // The lost phone stays out.
    expect(await lostPhone.getByTestId('citizen-waiting').count()).toBe(0);
    await expectAccessible(page, 'own devices, a new phone');
    await shoot(page, 'lost-phone-6-new-phone');
  });
});
