import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { eq, like } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import {
  citizenEnrolmentsTable,
  citizensTable,
  serviceCasesTable,
  staffTable,
  unitsTable,
} from '../../src/db/index.js';
import { seedDemoServiceCases } from '../../src/service-case/seed-demo.js';
import { tabTo } from './nightwatch-steps.js';
import { shoot } from './shots.js';
import { expectAccessible } from './staff-steps.js';
import { type SupportDesk, supportDesk } from './support-desk.js';
import type { WebCloud } from './web-cloud.js';

/**
 * The support screens (issue 4 §6) in Debian's Chromium against a real cloud with the seeded demo data: bulk
 * import (dry run with per-row errors that writes nothing, then a real import with progress to the end),
 * the weekly statistics CSV download, and axe on each section.
 */
const HEADER = 'kind,username,display_name,initials,role,unit,ref,citizen,guide';

describe.skipIf(!hasChromium())('support screens', () => {
  let desk: SupportDesk;
  let web: WebCloud;
  let page: Page;
  let team: string;
  let municipalityId: string;
  /** When the care demo was seeded: its history lies on dates counted from this instant's municipal date. */
  let seededAt: Date;

  beforeAll(async () => {
    desk = await supportDesk({ careDemo: true });
    ({ web, seededAt } = desk);
    const { demo } = desk;
    const db = web.t.cloud.db.db;
    municipalityId = demo.municipalityId;
    const units = await db
      .select()
      .from(unitsTable)
      .where(eq(unitsTable.municipalityId, demo.municipalityId));
    team = units.find((u) => u.kind === 'home_care_team')!.name;
    ({ page } = await desk.logIn());
    await page.getByRole('button', { name: 'Relationer' }).waitFor();
  });
  afterAll(async () => {
    await desk?.close();
  });

  const staffNamed = (prefix: string) =>
    web.t.cloud.db.db
      .select()
      .from(staffTable)
      .where(like(staffTable.username, `${prefix}%`));

  it('shows relations and pools with the status figures kept, accessible', async () => {
    await page.getByTestId('devices-total').waitFor();
    await page.getByRole('button', { name: 'Relationer' }).click();
    await page.getByTestId('unit-view').waitFor();
    await expectAccessible(page, 'relations');
    await page.getByRole('button', { name: 'Nattevagter og vagtplaner' }).click();
    await page.getByRole('heading', { name: 'Sådan ringer det' }).waitFor();
    // The alert mobile, as on /admin/: the same rule, the server's Danish message under the field.
    const alertMobile = page.getByLabel('Mobil til advarsel', { exact: true });
    await alertMobile.fill('1234');
    await page.getByRole('button', { name: 'Gem', exact: true }).click();
    await page
      .getByText('Et mobilnummer til advarsler er et dansk mobilnummer', { exact: false })
      .first()
      .waitFor();
    expect(await alertMobile.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'pool alert mobile refused');
    await shoot(page, 'support-pool-alert-mobile-refused');
    await alertMobile.fill('20 30 40 51');
    await page.getByRole('button', { name: 'Gem', exact: true }).click();
    await page.getByText('Gemt.', { exact: true }).waitFor();
    // Read back as the hint asks it written, not as stored (+4520304051).
    expect(await alertMobile.inputValue()).toBe('20 30 40 51');
    await shoot(page, 'support-pool-alert-mobile');
    await page
      .getByLabel('Eller indsæt indholdet her')
      .fill('username,date,start,end\nnobody.here,2026-13-01,22:00,07:00');
    await page.getByRole('button', { name: 'Prøv uden at gemme' }).click();
    await page.getByTestId('roster-errors').waitFor();
    await expectAccessible(page, 'pools');
  });

  it('registers a kiosk, and a second label that is refused does not stand beside the first one’s success', async () => {
    await page.getByRole('button', { name: 'Skærme' }).click();
    const label = page.getByLabel('Skærmens mærkat (fx KBH-0001)');
    await label.fill('KBH-0900');
    await page.getByRole('button', { name: 'Registrér skærm' }).click();
    await page.getByText('Skærm KBH-0900 er registreret.', { exact: false }).waitFor();
    await label.fill('KBH-0900');
    await page.getByRole('button', { name: 'Registrér skærm' }).click();
    await page.getByTestId('action-error').getByText('KBH-0900', { exact: false }).waitFor();
    expect(await page.getByText('Skærm KBH-0900 er registreret.', { exact: false }).count()).toBe(0);
    await expectAccessible(page, 'a refused kiosk label');
  });

  it('says what is wrong with an empty or a refused kiosk label, under the field, not only that something is', async () => {
    await page.getByRole('button', { name: 'Skærme', exact: true }).click();
    const label = page.getByLabel('Skærmens mærkat (fx KBH-0001)');
    await label.fill('   ');
    await page.getByRole('button', { name: 'Registrér skærm' }).click();
    await page
      .getByTestId('action-error')
      .getByText('Skriv mærkaten fra skærmens kasse, fx KBH-0001.', { exact: true })
      .waitFor();
    await label.fill('kbh 0901');
    await page.getByRole('button', { name: 'Registrér skærm' }).click();
    // The server's rule in Danish, tied to the field (WCAG 3.3.1), beside the form's general sentence.
    await page
      .locator('#device-label-error')
      .getByText('bogstaver, cifre, punktum, bindestreg og understreg', { exact: false })
      .waitFor();
    expect(await label.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'a kiosk label with a space');
    await shoot(page, 'support-kiosk-label-refused');
    await label.fill('KBH-0901');
    await page.getByRole('button', { name: 'Registrér skærm' }).click();
    await page.getByText('Skærm KBH-0901 er registreret.', { exact: false }).waitFor();
    expect(await label.getAttribute('aria-invalid')).toBeNull();
  });

  it('dry-runs a bulk import: errors per row, nothing written', async () => {
    await page.getByRole('button', { name: 'Masseimport' }).click();
    const file = [
      HEADER,
      `staff,dry.anna,Anna Dry,,staff,${team},,,`,
      `staff,dry.boss,Boss Dry,,system_admin,${team},,,`,
      'citizen,,Karl Dry,KD,,Ingen Enhed,k1,,',
    ].join('\n');
    await page.getByLabel('Eller indsæt indholdet her').fill(file);
    await page.getByRole('button', { name: 'Prøv uden at gemme' }).click();
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    const rows = await errors.locator('tbody tr').allTextContents();
    expect(rows).toEqual([
      // In the UI language (issue 12 §7): the cloud answers the page's Accept-Language.
      '3roleRoller over support kan ikke importeres.',
      '4unitDer er ingen enhed, der hedder "Ingen Enhed".',
    ]);
    expect(await page.getByTestId('import-status').textContent()).toContain('Intet er gemt');
    expect(await staffNamed('dry.')).toEqual([]);
    await expectAccessible(page, 'import dry run');
  });

  it('imports for real; the progress line goes away when the import ends and the outcome stays', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `staff,bulk.${i},Bulk ${i},,staff,${team},,,`);
    await page.getByLabel('Eller indsæt indholdet her').fill([HEADER, ...rows].join('\n'));
    const import_ = page.getByRole('button', { name: 'Importér' });
    await tabTo(page, import_);
    await page.keyboard.press('Enter');
    await page.getByTestId('import-status').getByText('Importen er færdig', { exact: false }).waitFor();
    // Issue 12: "Gemmer række 40 af 40" used to stay on screen after the import had ended.
    expect(await page.locator('progress#import-bar').count()).toBe(0);
    expect(await page.getByText('Gemmer række', { exact: false }).count()).toBe(0);
    expect(await page.getByTestId('import-status').textContent()).toContain('40 medarbejdere, 0 borgere');
    expect(await staffNamed('bulk.')).toHaveLength(40);
    await expectAccessible(page, 'import done');
  });

  it("shows each citizen's service-case stage and what is overdue on the Forløb tab, accessible", async () => {
    const db = web.t.cloud.db.db;
    const now = new Date();
    await seedDemoServiceCases(db, municipalityId, now);
    // One more: a loan-kiosk case ended 20 days ago whose kiosk nobody has collected.
    const [ended] = await db
      .select({ id: citizensTable.id, unitId: citizenEnrolmentsTable.unitId })
      .from(citizensTable)
      .innerJoin(citizenEnrolmentsTable, eq(citizenEnrolmentsTable.citizenId, citizensTable.id))
      .where(eq(citizensTable.displayName, 'Knud Olsen'));
    const day = (n: number) => new Date(now.getTime() - n * 86_400_000);
    await db.insert(serviceCasesTable).values({
      municipalityId,
      citizenId: ended!.id,
      stage: 'ended',
      referredBy: 'Hospital',
      referredAt: day(200),
      scenario: 'home_care',
      deviceChoice: 'loan_kiosk',
      unitId: ended!.unitId,
      installedAt: day(190),
      evaluationsDone: 2,
      endedAt: day(20),
      updatedAt: day(20),
    });
    await page.getByRole('button', { name: 'Forløb' }).click();
    const table = page.getByRole('table', { name: 'Borgernes forløb, det forfaldne først' });
    await table.waitFor();
    expect(await page.getByTestId('cases-summary').textContent()).toBe('2 forløb har noget forfaldent.');
    // (the flag's icon is followed by a space in the cell's text)
    const cells = async (name: string) =>
      (await row(name).getByRole('cell').allTextContents()).map((text) => text.trim());
    const row = (name: string) =>
      table.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
    expect(await cells('Else Mortensen')).toEqual([
      'Opfølgning',
      team,
      'Egen enhed',
      expect.any(String),
      'Evaluering forfalden',
    ]);
    const knud = await cells('Knud Olsen');
    expect([knud[0], knud.at(-1)]).toEqual(['Afsluttet', 'Skærm ikke hentet 14 dage efter afslutning']);
    // Poul answered a screen call last week, so his case says installed on his own device before it.
    expect((await cells('Poul Andersen')).slice(0, 3)).toEqual(['Opfølgning', team, 'Egen enhed']);
    expect(await cells('Grethe Thomsen')).toEqual(['Henvist', '–', '–', '–', '–']);
    // Overdue first, then by name.
    expect((await table.getByRole('rowheader').allTextContents()).slice(0, 2)).toEqual([
      'Else Mortensen',
      'Knud Olsen',
    ]);
    await shoot(page, 'support-forloeb');
    await expectAccessible(page, 'service cases');
    await page.getByLabel('Vis kun forløb med noget forfaldent').check();
    expect(await table.getByRole('rowheader').allTextContents()).toEqual(['Else Mortensen', 'Knud Olsen']);
    expect(await page.getByRole('link', { name: 'Åbn forløbene på Overblik' }).getAttribute('href')).toBe(
      '/dashboard/?vis=forloeb',
    );
  });

  it('downloads the weekly statistics as CSV with planned, completed and minutes saved for the demo data', async () => {
    // The seeded completed visits lie 7 days before the seeding's date, not before whatever date the run has
    // reached by this step (a run passing Copenhagen midnight found an empty week).
    const lastWeek = DateTime.fromJSDate(seededAt, { zone: 'Europe/Copenhagen' })
      .minus({ days: 7 })
      .toISODate()!;
    await page.getByRole('button', { name: 'Statistik' }).click();
    await page.getByLabel('Fra dato').fill(lastWeek);
    await page.getByLabel('Til dato').fill(lastWeek);
    await page.getByRole('button', { name: 'Vis' }).click();
    await page.getByTestId('stats-table').waitFor();
    await shoot(page, 'support-statistics');
    await expectAccessible(page, 'statistics');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Hent CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const table = parse(csv, { columns: true }) as Record<string, string>[];
    expect(table.map((r) => [r.planned, r.completed, r.estimated_minutes_saved])).toEqual(
      expect.arrayContaining([
        ['3', '2', '35'],
        ['1', '1', '25'],
      ]),
    );
  });
});
