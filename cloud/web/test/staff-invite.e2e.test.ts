import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { staffTable } from '../../src/db/index.js';
import { shoot } from './shots.js';
import { expectAccessible } from './staff-steps.js';
import { type SupportDesk, supportDesk } from './support-desk.js';
import type { WebCloud } from './web-cloud.js';

/**
 * Issue 12 §1, staff accounts: support invites a staff member who has no password (as a bulk import leaves
 * them) from the staff card, by name; the one-time link opens "choose your password" and then the authenticator
 * app; the same link then no longer works. axe on every screen.
 */
describe.skipIf(!hasChromium())('support invites a new staff member by a one-time link', () => {
  let desk: SupportDesk;
  let web: WebCloud;
  let page: Page;

  beforeAll(async () => {
    desk = await supportDesk();
    web = desk.web;
    const { demo } = desk;
    const db = web.t.cloud.db.db;
    await db
      .insert(staffTable)
      .values({ municipalityId: demo.municipalityId, username: 'bente.ny', displayName: 'Bente Ny' });
    ({ page } = await desk.logIn());
    await page.getByRole('button', { name: 'Medarbejdere' }).waitFor();
  });
  afterAll(async () => {
    await desk?.close();
  });

  /** Types part of a name into a person combobox and picks the first option with the keyboard. */
  const choose = async (label: string, typed: string, option: string) => {
    const box = page.getByRole('combobox', { name: label });
    await box.fill(typed);
    await page.getByRole('option', { name: option }).first().waitFor();
    await box.press('Enter');
    await page.getByText(`Valgt: ${option}`).first().waitFor();
  };

  it('invites a staff member with no password by a one-time link: first a password, then the authenticator app', async () => {
    await page.getByRole('button', { name: 'Medarbejdere' }).click();
    await choose('Find medarbejder', 'bente', 'Bente Ny');
    const card = page.getByTestId('staff-card');
    await card.getByText('Har ingen adgangskode endnu').waitFor();
    await card.getByRole('button', { name: 'Lav invitation til Bente Ny' }).click();
    await card.getByTestId('invite-issued').waitFor();
    const link = await card.getByLabel('Invitationslink til Bente Ny').inputValue();
    expect(link.startsWith(`${web.origin}/staff/#invitation=svinv_`)).toBe(true);
    await card.getByText('Venter på at blive brugt', { exact: false }).waitFor();
    expect(await card.getByRole('link', { name: 'Åbn brevet og udskriv det' }).getAttribute('href')).toMatch(
      /^blob:/,
    );
    await shoot(page, 'people-staff-invite');
    await expectAccessible(page, 'staff invitation');

    const bente = await web.newPage({ width: 1024, height: 900 });
    try {
      await bente.page.goto(link);
      await bente.page.getByRole('heading', { name: 'Vælg din adgangskode' }).waitFor();
      // The token leaves the address bar at once; there is no current password to ask for.
      expect(bente.page.url()).not.toContain('invitation');
      expect(await bente.page.getByLabel('Nuværende adgangskode').count()).toBe(0);
      await expectAccessible(bente.page, 'first password');
      await bente.page.getByLabel('Ny adgangskode').fill('Rullende-Havkat-Ved-Kysten-27');
      await bente.page.getByRole('button', { name: 'Gem adgangskoden og fortsæt' }).click();
      await bente.page.getByRole('heading', { name: 'Tilføj en godkendelsesapp' }).waitFor();
      await bente.page.getByText('Åbn appen, og scan QR-koden.').waitFor();
      await shoot(bente.page, 'people-invite-enrol');
      await expectAccessible(bente.page, 'enrolment after invitation');
      expect(bente.problems).toEqual([]);
    } finally {
      await bente.context.close();
    }
    const again = await web.newPage();
    try {
      await again.page.goto(link);
      await again.page.getByTestId('invite-error').getByText('det er brugt', { exact: false }).waitFor();
      await expectAccessible(again.page, 'used invitation');
    } finally {
      await again.context.close();
    }
  });
});
