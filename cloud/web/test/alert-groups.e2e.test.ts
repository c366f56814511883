import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { citizensTable } from '../../src/db/index.js';
import { shoot } from './shots.js';
import { expectAccessible } from './staff-steps.js';
import { type SupportDesk, supportDesk } from './support-desk.js';
import type { WebCloud } from './web-cloud.js';

/**
 * After a bulk import, Advarsler listed "Borgeren … er oprettet for 76 dage siden og har aldrig brugt ScreenVisit"
 * twelve times. Now twelve of one kind are one line, with a disclosure button (aria-expanded) that shows who, each
 * with her own short line (name, days, the day it closes: the group's line says the rest) and "Åbn … under
 * Borgere"; two of another kind stay one line each (alert-groups.ts GROUP_FROM).
 * Walked as sofie.berg by accessible names. SV_SCREENSHOTS=<dir> keeps screenshots to look at.
 */
const DAY = 86_400_000;
const IMPORTED = [
  'Agnete Bruun',
  'Bent Frandsen',
  'Dagmar Krog',
  'Egon Lund',
  'Fie Maagaard',
  'Gorm Nygaard',
  'Helga Overgaard',
  'Ivar Post',
  'Jytte Riis',
  'Kaj Schou',
  'Lis Toft',
  'Orla Vind',
];
const LAPSED = ['Ruth Winther', 'Svend Yde'];

describe.skipIf(!hasChromium())(
  'Advarsler shows many alerts of one kind as one line, with who behind a button',
  () => {
    let desk: SupportDesk;
    let web: WebCloud;
    let page: Page;

    beforeAll(async () => {
      desk = await supportDesk({ careDemo: true });
      web = desk.web;
      const { demo } = desk;
      const db = web.t.cloud.db.db;
      const now = desk.seededAt.getTime();
      // Imported 76 days ago and never used: past the demo's 60-day warning, each closing on her own day.
      await db.insert(citizensTable).values(
        IMPORTED.map((displayName, i) => ({
          municipalityId: demo.municipalityId,
          displayName,
          createdAt: new Date(now - (76 + i) * DAY),
        })),
      );
      // Logged in once, 65 days ago: "not used for 65 days", another sentence, and only two of them.
      await db.insert(citizensTable).values(
        LAPSED.map((displayName) => ({
          municipalityId: demo.municipalityId,
          displayName,
          createdAt: new Date(now - 300 * DAY),
          lastLoginAt: new Date(now - 65 * DAY),
        })),
      );
      ({ page } = await desk.logIn());
      await page.getByRole('button', { name: 'Advarsler' }).click();
      await page.getByTestId('alert-list').waitFor();
    }, 180_000);
    afterAll(async () => {
      await desk?.close();
    });

    const list = () => page.getByTestId('alert-list');
    // From the page, not the list: a `has` filter queries it inside each list item.
    const toggle = () => page.getByRole('button', { name: /^(Vis|Skjul) de 12 borgere$/ });

    it('says "12 borgere har aldrig brugt ScreenVisit" once, names nobody until asked, and keeps the two others whole', async () => {
      const group = list().getByRole('listitem').filter({ has: toggle() });
      const firstCloses = new Date(web.t.clock.now() + (120 - 76 - 11) * DAY).toLocaleDateString('da-DK', {
        dateStyle: 'long',
        timeZone: 'Europe/Copenhagen',
      });
      await group
        .getByText(
          `12 borgere har aldrig brugt ScreenVisit. Den første konto lukkes af sig selv den ${firstCloses}.`,
        )
        .waitFor();
      expect(await toggle().getAttribute('aria-expanded')).toBe('false');
      expect(await toggle().textContent()).toContain('Vis de 12 borgere');
      // Hidden until asked: neither the names nor their buttons are on the page (getByRole leaves hidden out).
      for (const name of IMPORTED)
        expect(await page.getByRole('button', { name: `Åbn ${name} under Borgere` }).count()).toBe(0);
      expect(await page.getByText('Agnete Bruun').first().isVisible()).toBe(false);
      for (const name of LAPSED) {
        const line = list().getByRole('listitem').filter({ hasText: name });
        await line.getByText(/har ikke brugt ScreenVisit i 65 dage/).waitFor();
        await line.getByRole('button', { name: `Åbn ${name} under Borgere` }).waitFor();
      }
      await expectAccessible(page, 'alerts, grouped and closed');
      await shoot(page, 'alert-groups-1-closed');
    });

    it('opens the list of who with the keyboard, one line and one button each, and opens a citizen’s card', async () => {
      await toggle().focus();
      await page.keyboard.press('Enter');
      await list().getByRole('button', { name: 'Skjul de 12 borgere' }).waitFor();
      expect(await toggle().getAttribute('aria-expanded')).toBe('true');
      const shown = page.locator(`#${await toggle().getAttribute('aria-controls')}`);
      expect(await shown.getByRole('listitem').count()).toBe(IMPORTED.length);
      for (const name of IMPORTED)
        await shown.getByRole('button', { name: `Åbn ${name} under Borgere` }).waitFor({ state: 'visible' });
      // Each line short: the name and what differs (days, the day it closes), not the group's sentence again.
      const closes = (i: number) =>
        new Date(web.t.clock.now() + (120 - 76 - i) * DAY).toLocaleDateString('da-DK', {
          dateStyle: 'long',
          timeZone: 'Europe/Copenhagen',
        });
      await shown
        .getByRole('listitem')
        .first()
        .getByText(
          new RegExp(
            `^Agnete Bruun \\(Ref\\. [0-9A-F]{6}\\): oprettet for 76 dage siden, lukkes den ${closes(0)}\\.`,
          ),
        )
        .waitFor();
      await shown
        .getByRole('listitem')
        .filter({ hasText: 'Orla Vind' })
        .getByText(new RegExp(`: oprettet for 87 dage siden, lukkes den ${closes(11)}\\.`))
        .waitFor();
      const said = await shown.innerText();
      expect(said).not.toMatch(/Borgeren|aldrig brugt ScreenVisit|Kontoen lukkes af sig selv/);
      await expectAccessible(page, 'alerts, group opened');
      await shoot(page, 'alert-groups-2-open');

      await shown.getByRole('button', { name: 'Åbn Jytte Riis under Borgere' }).click();
      await page.getByRole('heading', { name: 'Jytte Riis', exact: true }).waitFor();
      expect(await page.getByRole('button', { name: 'Borgere' }).getAttribute('aria-pressed')).toBe('true');
    });
  },
);
