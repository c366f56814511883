import { eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { seedCareDemo } from '../../src/care/index.js';
import { citizensTable, registerDevice, seedDemo } from '../../src/db/index.js';
import { lendDevice } from '../../src/devices/inventory.js';
import { DEMO_PASSWORD, demoStaff } from './demo-staff.js';
import { shoot } from './shots.js';
import { expectAccessible } from './staff-steps.js';
import { startWebCloud, type WebCloud } from './web-cloud.js';

/**
 * A kiosk lent to a citizen before it ever enrolled keeps the stored lifecycle `registered` (cloud
 * devices/lifecycle.ts). 2nd line (vendor support), who sees no "Udlånt til" column, read "Registreret, ikke
 * tilmeldt" and took it for a box on the shelf. Walked as nina.vestergaard and sofie.berg by accessible names.
 */
const LABEL = 'KBH-LENT-1';
const BORROWER = 'Else Mortensen';

describe.skipIf(!hasChromium())('a kiosk lent before it enrolled says it is lent, to 2nd line too', () => {
  let web: WebCloud;
  let vendor: Awaited<ReturnType<typeof demoStaff>>;
  let support: Awaited<ReturnType<typeof demoStaff>>;
  const opened: { context: BrowserContext; problems: string[] }[] = [];

  beforeAll(async () => {
    web = await startWebCloud();
    const db = web.t.cloud.db.db;
    const demo = await seedDemo(db, { now: new Date(), password: DEMO_PASSWORD });
    if (!demo) throw new Error('the demo data was already there');
    await seedCareDemo(db, demo.municipalityId, new Date());
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
    vendor = await demoStaff(web, demo, 'nina.vestergaard');
    support = await demoStaff(web, demo, 'sofie.berg');
  }, 180_000);
  afterAll(async () => {
    for (const o of opened) {
      expect(o.problems).toEqual([]);
      await o.context.close();
    }
    await web?.close();
  });

  async function kioskList(who: typeof vendor): Promise<Page> {
    const o = await who.logIn('/support/');
    opened.push(o);
    await o.page.getByRole('button', { name: 'Skærme' }).click();
    await o.page.getByTestId('device-table').waitFor();
    return o.page;
  }

  it('shows 2nd line the kiosk as lent and not enrolled, in the list and on its page, without the citizen', async () => {
    const page = await kioskList(vendor);
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
    const page = await kioskList(support);
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
