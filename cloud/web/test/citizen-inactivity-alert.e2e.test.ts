import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { citizenRef, citizensTable, devicesTable } from '../../src/db/index.js';
import { shoot } from './shots.js';
import { expectAccessible } from './staff-steps.js';
import { type SupportDesk, supportDesk } from './support-desk.js';

/**
 * The inactivity job closes citizens too, and a closed citizen can neither call nor be called: support must be
 * warned first, and a resident whose loan kiosk stands switched on is in use though she never logs in
 * (cloud/src/db/repos/citizen-activity.ts). Walked as sofie.berg under Advarsler, by accessible names.
 */
const DAY = 86_400_000;

describe.skipIf(!hasChromium())('support is warned about a citizen not in use before she is closed', () => {
  let desk: SupportDesk;
  let page: Page;
  let ingerCreated: Date;
  let ingerRef: string;

  beforeAll(async () => {
    desk = await supportDesk({ careDemo: true });
    const { demo } = desk;
    const db = desk.web.t.cloud.db.db;
    // Made 76 days ago and never used: past the demo's 60-day warning, 44 days before the 120-day close.
    ingerCreated = new Date(Date.now() - 76 * DAY);
    const [inger] = await db
      .insert(citizensTable)
      .values({ municipalityId: demo.municipalityId, displayName: 'Inger Holm', createdAt: ingerCreated })
      .returning();
    ingerRef = citizenRef(inger!.id);
    // Made 300 days ago, never logged in, but her loan kiosk was seen an hour ago: in use.
    const [karl] = await db
      .insert(citizensTable)
      .values({
        municipalityId: demo.municipalityId,
        displayName: 'Karl Skærmbruger',
        createdAt: new Date(Date.now() - 300 * DAY),
      })
      .returning();
    await db.insert(devicesTable).values({
      municipalityId: demo.municipalityId,
      label: 'KBH-ALERT-1',
      lifecycle: 'lent',
      citizenId: karl!.id,
      online: true,
      lastSeenAt: new Date(Date.now() - 3_600_000),
    });
    ({ page } = await desk.logIn());
    await page.getByRole('button', { name: 'Advarsler' }).waitFor();
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('names the citizen never used and the day she closes, leaves out the resident with a kiosk on, and opens her card', async () => {
    await page.getByRole('button', { name: 'Advarsler' }).click();
    const closes = new Date(ingerCreated.getTime() + 120 * DAY).toLocaleDateString('da-DK', {
      dateStyle: 'long',
      timeZone: 'Europe/Copenhagen',
    });
    const list = page.getByTestId('alert-list');
    const alert = list.getByRole('listitem').filter({ hasText: 'Inger Holm' });
    await alert
      .getByText(
        `Borgeren Inger Holm (Ref. ${ingerRef}) er oprettet for 76 dage siden og har aldrig brugt ScreenVisit. Kontoen lukkes af sig selv den ${closes}.`,
      )
      .waitFor();
    expect(await list.getByText('Karl Skærmbruger').count()).toBe(0);
    await shoot(page, 'citizen-inactivity-alert');
    await expectAccessible(page, 'citizen inactivity alert');
    await alert.getByRole('button', { name: 'Åbn Inger Holm under Borgere' }).click();
    const heading = page.getByRole('heading', { name: 'Inger Holm', exact: true });
    await heading.waitFor();
    // Landed on her name (WCAG 2.2 SC 2.4.3), with "Borgere" the section shown.
    expect(await heading.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.getByRole('button', { name: 'Borgere' }).getAttribute('aria-pressed')).toBe('true');
  });
});
