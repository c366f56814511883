import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import {
  citizenEnrolmentsTable,
  citizenRef,
  citizensTable,
  devicesTable,
  unitsTable,
} from '../../src/db/index.js';
import { shoot } from './shots.js';
import { expectAccessible } from './staff-steps.js';
import { type DemoStaff, type SupportDesk, supportDesk } from './support-desk.js';
import type { WebCloud } from './web-cloud.js';

/**
 * Two citizens with the same name (support's walk: "Lån skærmen til Hans Sørensen" twice, alike). Every list a
 * person chooses a citizen from names the units they are enrolled in, and, where two still look the same, the
 * short ref the citizen card shows: support finds, opens and lends to the right one, and a staff member picks the
 * right one to call, all by accessible names (what a screen reader says).
 */
describe.skipIf(!hasChromium())('namesakes are told apart wherever a citizen is chosen', () => {
  let desk: SupportDesk;
  let web: WebCloud;
  let page: Page;
  let jonas: DemoStaff;
  /** Hans Navnesen in the home-care team and Hans Navnesen in the care home; two Svend Navnesen in the team. */
  const ids = { hansTeam: '', hansHome: '', svendA: '', svendB: '' };

  beforeAll(async () => {
    desk = await supportDesk({ careDemo: true });
    web = desk.web;
    const { demo } = desk;
    const db = web.t.cloud.db.db;
    const unit = async (name: string) =>
      (await db.select().from(unitsTable).where(eq(unitsTable.name, name)))[0]!.id;
    const team = await unit('Hjemmeplejen Nørrebro');
    const home = await unit('Plejecenter Solbakken');
    const citizen = async (displayName: string, unitId: string) => {
      const [row] = await db
        .insert(citizensTable)
        .values({ municipalityId: demo.municipalityId, displayName, initials: displayName[0] })
        .returning();
      await db.insert(citizenEnrolmentsTable).values({ citizenId: row!.id, unitId });
      return row!.id;
    };
    ids.hansTeam = await citizen('Hans Navnesen', team);
    ids.hansHome = await citizen('Hans Navnesen', home);
    ids.svendA = await citizen('Svend Navnesen', team);
    ids.svendB = await citizen('Svend Navnesen', team);
    jonas = await desk.staff('jonas.nielsen');
    ({ page } = await desk.logIn());
  }, 180_000);
  afterAll(async () => {
    await desk?.close();
  });

  it('support finds the namesake of the care home by unit and sees the same unit and ref on the card', async () => {
    await page.getByRole('button', { name: 'Borgere' }).click();
    const box = page.getByRole('combobox', { name: 'Find en borger' });
    await box.fill('Hans Navnesen');
    const list = page.getByRole('listbox', { name: 'Find en borger' });
    await list.getByRole('option', { name: 'Hans Navnesen · Hjemmeplejen Nørrebro' }).waitFor();
    const wanted = list.getByRole('option', { name: 'Hans Navnesen · Plejecenter Solbakken' });
    await wanted.waitFor();
    await shoot(page, 'namesakes-support-find');
    await expectAccessible(page, 'namesakes in the citizen search');
    await wanted.click();
    await page.getByText('Valgt: Hans Navnesen (Plejecenter Solbakken', { exact: false }).waitFor();
    const facts = page.getByTestId('citizen-card').getByTestId('citizen-distinction');
    await facts.getByText('Plejecenter Solbakken', { exact: true }).waitFor();
    await facts.getByText(citizenRef(ids.hansHome), { exact: false }).waitFor();
    await shoot(page, 'namesakes-support-card');
  });

  it('support lends a kiosk to the namesake of the care home, by the unit in the button’s name', async () => {
    await page.getByRole('button', { name: 'Skærme' }).click();
    await page.getByLabel('Skærmens mærkat (fx KBH-0001)').fill('NAV-0001');
    await page.getByRole('button', { name: 'Registrér skærm' }).click();
    await page.getByRole('button', { name: 'Åbn NAV-0001' }).first().click();
    await page.getByRole('heading', { name: 'Skærm NAV-0001' }).waitFor();
    await page.getByLabel('Søg borger efter navn').fill('Hans Navnesen');
    await page
      .getByRole('button', { name: 'Lån skærmen til Hans Navnesen (Hjemmeplejen Nørrebro)' })
      .waitFor();
    const lend = page.getByRole('button', { name: 'Lån skærmen til Hans Navnesen (Plejecenter Solbakken)' });
    await shoot(page, 'namesakes-lend');
    await expectAccessible(page, 'namesakes in the lend dialog');
    await lend.click();
    // The loan line names her as the kiosk list does, with the ref that tells her from the team's Hans.
    await page
      .getByTestId('lent-to')
      .getByText(`Udlånt til Hans Navnesen (Ref. ${citizenRef(ids.hansHome)}).`)
      .waitFor();
    const [kiosk] = await web.t.cloud.db.db
      .select()
      .from(devicesTable)
      .where(eq(devicesTable.label, 'NAV-0001'));
    expect(kiosk?.citizenId).toBe(ids.hansHome);
  });

  it('support tells two namesakes enrolled in the same unit apart by their ref in the unit’s list', async () => {
    await page.getByRole('button', { name: 'Relationer' }).click();
    await page.getByLabel('Vælg enhed').selectOption({ label: 'Hjemmeplejen Nørrebro (Hjemmeplejegruppe)' });
    await page.getByTestId('unit-view').waitFor();
    const b = `Svend Navnesen (ref. ${citizenRef(ids.svendB)})`;
    await page
      .getByRole('button', { name: `Opkald for Svend Navnesen (ref. ${citizenRef(ids.svendA)})` })
      .waitFor();
    await page.getByRole('button', { name: `Opkald for ${b}` }).click();
    await page.getByRole('heading', { name: `Hvem må ringe til hvem: ${b}` }).waitFor();
    await page.getByRole('button', { name: `Afslut ${b}` }).waitFor();
    // Hans Navnesen has no namesake in this unit: his name stands alone.
    await page.getByRole('button', { name: 'Opkald for Hans Navnesen', exact: true }).waitFor();
    await shoot(page, 'namesakes-relations');
    await expectAccessible(page, 'namesakes in a unit’s list');
  });

  it('a staff member tells two namesakes of the same team apart by their ref and calls the right one', async () => {
    const staff = await jonas.logIn('/staff/');
    try {
      const box = staff.page.getByRole('combobox', { name: 'Borger, du må ringe til nu' });
      await box.fill('Svend');
      const list = staff.page.getByRole('listbox', { name: 'Borger, du må ringe til nu' });
      const refA = `Svend Navnesen · Hjemmeplejen Nørrebro · ref. ${citizenRef(ids.svendA)}`;
      const refB = `Svend Navnesen · Hjemmeplejen Nørrebro · ref. ${citizenRef(ids.svendB)}`;
      await list.getByRole('option', { name: refA }).waitFor();
      await list.getByRole('option', { name: refB }).waitFor();
      // Not the care home's Hans Navnesen: a staff member sees only the citizens of their own units.
      await box.fill('Hans Navnesen');
      await list.getByRole('option', { name: 'Hans Navnesen · Hjemmeplejen Nørrebro' }).waitFor();
      expect(await list.getByRole('option').count()).toBe(1);
      await box.fill('Svend');
      await list.getByRole('option', { name: refB }).waitFor();
      // By keyboard, as the pattern asks: arrow down to B, Enter.
      const names = await list.getByRole('option').allTextContents();
      const index = names.findIndex((n) => n.includes(citizenRef(ids.svendB)));
      for (let i = 0; i < index; i++) await box.press('ArrowDown');
      await box.press('Enter');
      await staff.page
        .getByRole('button', {
          name: `Ring til Svend Navnesen (Hjemmeplejen Nørrebro · ref. ${citizenRef(ids.svendB)}`,
        })
        .waitFor();
      await shoot(staff.page, 'namesakes-staff-adhoc');
      await expectAccessible(staff.page, 'namesakes in the ad-hoc call');
      expect(staff.problems).toEqual([]);
    } finally {
      await staff.context.close();
    }
  });
});
