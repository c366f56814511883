import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { citizensTable, registerDevice } from '../../src/db/index.js';
import { lendDevice } from '../../src/devices/inventory.js';
import { shoot } from './shots.js';
import { expectAccessible } from './staff-steps.js';
import { type SupportDesk, supportDesk } from './support-desk.js';

/**
 * A kiosk lent to a citizen before it ever enrolled keeps the stored lifecycle `registered` (cloud
 * devices/lifecycle.ts). 2nd line (vendor support), who sees no "Udlånt til" column, read "Registreret, ikke
 * tilmeldt" and took it for a box on the shelf. Walked as nina.vestergaard and sofie.berg by accessible names.
 */
const LABEL = 'KBH-LENT-1';
const BORROWER = 'Else Mortensen';

describe.skipIf(!hasChromium())('a kiosk lent before it enrolled says it is lent, to 2nd line too', () => {
  let desk: SupportDesk;

  beforeAll(async () => {
    desk = await supportDesk({ careDemo: true });
    const { demo } = desk;
    const db = desk.web.t.cloud.db.db;
    const device = await registerDevice(db, { municipalityId: demo.municipalityId, label: LABEL });
    const [citizen] = await db.select().from(citizensTable).where(eq(citizensTable.displayName, BORROWER));
    const sofie = demo.staff.find((s) => s.username === 'sofie.berg')!;
    await lendDevice(db, {
      municipalityId: demo.municipalityId,
      deviceId: device.id,
      citizenId: citizen!.id,
      actor: { staffId: sofie.id, ip: null },
      now: new Date(),
    });
    await desk.staff('nina.vestergaard');
    await desk.staff('sofie.berg');
  }, 180_000);
  afterAll(async () => {
    await desk?.close();
  });

  async function kioskList(username: string): Promise<Page> {
    const { page } = await desk.logIn(username);
    await desk.openKiosks(page);
    return page;
  }

  it('shows 2nd line the kiosk as lent and not enrolled, in the list and on its page, without the citizen', async () => {
    const page = await kioskList('nina.vestergaard');
    const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: `Åbn ${LABEL}` }) });
    await row.getByRole('cell', { name: 'Udlånt, men ikke tilmeldt' }).waitFor();
    await page.getByRole('button', { name: `Åbn ${LABEL}` }).click();
    await page.getByRole('heading', { name: `Skærm ${LABEL}` }).waitFor();
    expect(await page.getByTestId('device-lifecycle').textContent()).toBe('Udlånt, men ikke tilmeldt');
    expect(await page.getByTestId('device-lent-unenrolled').textContent()).toBe(
      'Skærmen er lånt ud til en borger, men er aldrig blevet tilmeldt. Den kan hverken ringe eller blive ringet op, før den er tilmeldt. Tilmeldingskoden laver kommunens support (1. linje).',
    );
    expect(await page.getByText(BORROWER).count()).toBe(0);
    await expectAccessible(page, 'vendor kiosk page, lent and not enrolled');
    await shoot(page, 'lent-unenrolled-1-vendor');
  });

  it('shows support the same status beside the borrower, and where the enrolment code is made', async () => {
    const page = await kioskList('sofie.berg');
    await page.getByRole('button', { name: `Åbn ${LABEL}` }).click();
    await page.getByRole('heading', { name: `Skærm ${LABEL}` }).waitFor();
    expect(await page.getByTestId('device-lifecycle').textContent()).toBe('Udlånt, men ikke tilmeldt');
    await page
      .getByTestId('lent-to')
      .getByText(new RegExp(`^Udlånt til ${BORROWER} \\(Ref\\. [0-9A-F]{6}\\)\\.$`))
      .waitFor();
    await page
      .getByTestId('device-lent-unenrolled')
      .getByText('Tryk på Lav tilmeldingskode under Handlinger, og skriv koden ind på skærmen.', {
        exact: false,
      })
      .waitFor();
    await page.getByRole('button', { name: 'Lav tilmeldingskode' }).waitFor();
    await expectAccessible(page, 'support kiosk page, lent and not enrolled');
    await shoot(page, 'lent-unenrolled-2-support');
  });
});
