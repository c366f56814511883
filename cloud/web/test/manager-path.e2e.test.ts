import { mkdirSync } from 'node:fs';
import { and, eq, like } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { runAccessReviews } from '../../src/access-review/schedule.js';
import { seedCareDemo } from '../../src/care/index.js';
import { seedDashboardHistory } from '../../src/dashboard/seed-history.js';
import {
  auditLogTable,
  citizenEnrolmentsTable,
  citizensTable,
  devicesTable,
  seedDemo,
} from '../../src/db/index.js';
import { seedDemoServiceCases } from '../../src/service-case/seed-demo.js';
import {
  connackCode,
  connectKiosk,
  enrolViaApi,
  supportApi,
  type TestKiosk,
} from '../../test/kits/devices.js';
import { placeRefusedCall } from '../../test/kits/refused-call.js';
import { DEMO_PASSWORD, demoStaff } from './demo-staff.js';
import { shoot } from './shots.js';
import { expectAccessible } from './staff-steps.js';
import { startWebCloud, type WebCloud } from './web-cloud.js';

/**
 * The unit manager's path (issue 13 "Done when" 3 and 4) in Debian's Chromium, from the demo's data: Mette
 * Larsen opens the access review, confirms and removes lines with the deadline in view, then refers Inger
 * Rasmussen and runs her whole service case to the end. At the end her lent kiosk (a real MQTT client that
 * acknowledges the wipe) is wiped and back in stock and nobody can call her. Screenshots for the Danish guide.
 */
const SHOT = new URL('../../../docs/guides/da/img/', import.meta.url);

describe.skipIf(!hasChromium())('the unit manager walks her path', () => {
  let web: WebCloud;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let demo: NonNullable<Awaited<ReturnType<typeof seedDemo>>>;
  let kiosk: TestKiosk;
  let kioskCredential: { deviceId: string; mqttPassword: string };
  let inger: string;
  const staffId = (u: string) => demo.staff.find((s) => s.username === u)!.id;

  beforeAll(async () => {
    web = await startWebCloud();
    const db = web.t.cloud.db.db;
    const now = new Date();
    demo = (await seedDemo(db, { now, password: DEMO_PASSWORD }))!;
    await seedCareDemo(db, demo.municipalityId, now);
    await seedDashboardHistory(db, demo.municipalityId, now, { weeks: 2, citizensPerUnit: 2 });
    await seedDemoServiceCases(db, demo.municipalityId, now);
    await runAccessReviews(db, now);
    [{ id: inger }] = (await db
      .select({ id: citizensTable.id })
      .from(citizensTable)
      .where(eq(citizensTable.displayName, 'Inger Rasmussen'))) as [{ id: string }];
    // Support lends Inger a kiosk (support's own screens are not part of this walk).
    const api = await supportApi(web.t, { id: staffId('sofie.berg'), municipalityId: demo.municipalityId });
    kioskCredential = await enrolViaApi(web.t, api, 'KBH-E2E-1');
    expect(
      (await api('POST', `/api/devices/${kioskCredential.deviceId}/lend`, { citizenId: inger })).status,
    ).toBe(200);
    kiosk = await connectKiosk(web.t, kioskCredential.deviceId, kioskCredential.mqttPassword);
    // The kiosk acknowledges a wipe as soon as it arrives, as the agent does.
    kiosk.client.on('message', () => {
      const wipe = kiosk.commands.find((c) => c.type === 'wipe');
      if (wipe) void kiosk.ack(wipe.id).catch(() => undefined);
    });
    const mette = await demoStaff(web, demo, 'mette.larsen');
    ({ context, page, problems } = await mette.logIn('/dashboard/', { width: 1280, height: 1000 }));
    await page
      .getByTestId('dashboard-cards')
      .waitFor()
      .catch(async (e) => {
        await page.screenshot({ path: '/tmp/x/fail.png', fullPage: true });
        throw e;
      });
    mkdirSync(SHOT, { recursive: true });
  }, 180_000);
  afterAll(async () => {
    expect(problems).toEqual([]);
    await kiosk?.client.endAsync(true).catch(() => undefined);
    await context?.close();
    await web?.close();
  });

  it('confirms and removes access lines with the deadline in view, and the audit log shows who confirmed what', async () => {
    await page.getByRole('link', { name: 'Adgangsgennemgang' }).click();
    await page.getByRole('heading', { name: 'Gennemgang for Hjemmeplejen Nørrebro' }).waitFor();
    expect(await page.locator('.deadline').textContent()).toMatch(/Frist: \d+\. \p{L}+ \d{4}/u);
    await page.getByRole('button', { name: 'Bekræft Jonas Nielsen' }).click();
    await page.getByRole('status').filter({ hasText: 'Jonas Nielsen: Bekræftet.' }).waitFor();
    await page.getByRole('button', { name: 'Fjern Poul Andersen' }).click();
    await page.getByRole('status').filter({ hasText: 'Poul Andersen: Fjernet.' }).waitFor();
    // The answer follows the page into English and back (it was kept as Danish text).
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('status').filter({ hasText: 'Poul Andersen: Removed.' }).waitFor();
    await page.getByRole('button', { name: 'Dansk' }).click();
    await page.getByRole('status').filter({ hasText: 'Poul Andersen: Fjernet.' }).waitFor();
    const row = page.getByRole('row', { name: /Jonas Nielsen/ });
    expect(await row.getByRole('button').count()).toBe(0);
    expect(await row.textContent()).toContain('Bekræftet');
    expect(await row.textContent()).toContain('Medarbejder');
    await expectAccessible(page, 'access review');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: new URL('adgangsgennemgang.png', SHOT).pathname });
    await shoot(page, 'manager-access-review');

    const db = web.t.cloud.db.db;
    const audit = await db.select().from(auditLogTable).where(like(auditLogTable.action, 'access_review.%'));
    expect(
      audit.some(
        (a) =>
          a.action === 'access_review.confirmed' &&
          a.actorId === staffId('mette.larsen') &&
          a.targetId === staffId('jonas.nielsen'),
      ),
    ).toBe(true);
    const poul = await db
      .select({ endedAt: citizenEnrolmentsTable.endedAt })
      .from(citizenEnrolmentsTable)
      .innerJoin(citizensTable, eq(citizensTable.id, citizenEnrolmentsTable.citizenId))
      .where(eq(citizensTable.displayName, 'Poul Andersen'));
    expect(poul.every((e) => e.endedAt !== null)).toBe(true);
  }, 90_000);

  it('runs Inger’s case from referral to the end: the kiosk is wiped and back in stock, and she can no longer be called', async () => {
    await page.getByRole('link', { name: 'Borgerforløb' }).click();
    await page.getByRole('heading', { name: 'Henvis en borger' }).waitFor();
    // The seeded case whose follow-up is due shows it.
    expect(await page.getByRole('row', { name: /Else Mortensen/ }).textContent()).toContain(
      'Opfølgning er forfalden',
    );
    await page.getByLabel('Borger', { exact: true }).selectOption({ label: 'Inger Rasmussen' });
    await page.getByLabel('Henvist af (rolle eller organisation)').fill('Visitator');
    await page.getByRole('button', { name: 'Opret forløb' }).click();
    await page.getByRole('button', { name: 'Åbn forløb for Inger Rasmussen' }).click();
    const detail = page.getByTestId('case-detail');
    await detail.getByRole('heading', { name: 'Forløb for Inger Rasmussen' }).waitFor();

    await detail.getByLabel('Scenarie').selectOption({ label: 'Hjemmepleje' });
    await detail.getByLabel('Udstyr').selectOption({ label: 'Låneskærm' });
    await detail.getByRole('button', { name: 'Vurder' }).click();
    await detail.getByRole('button', { name: 'Tildel enhed' }).click();
    await detail.getByLabel('Udlånt skærm').selectOption({ label: 'KBH-E2E-1' });
    await detail.getByRole('button', { name: 'Registrer installation' }).click();
    await detail.getByText('Installeret', { exact: true }).waitFor();
    await expectAccessible(page, 'service case');
    await page.screenshot({ path: new URL('borgerforloeb.png', SHOT).pathname, fullPage: true });
    await shoot(page, 'manager-case-installed');
    await detail.getByRole('button', { name: 'Registrer opfølgning' }).click();
    await detail.getByText('1 opfølgning gennemført').waitFor();

    await detail.getByLabel('Grund til afslutning').selectOption({ label: 'Ikke længere behov' });
    await detail.getByRole('button', { name: 'Afslut forløbet' }).click();
    await detail
      .getByRole('status')
      .filter({ hasText: 'Forløbet er afsluttet: 1 relation lukket. Skærm: slettet og tilbage på lager.' })
      .waitFor({ timeout: 30_000 });
    await shoot(page, 'manager-case-ended');

    const db = web.t.cloud.db.db;
    const [device] = await db
      .select()
      .from(devicesTable)
      .where(eq(devicesTable.id, kioskCredential.deviceId));
    expect(device).toMatchObject({ lifecycle: 'registered', citizenId: null });
    expect(await connackCode(web.t, kioskCredential.deviceId, kioskCredential.mqttPassword)).toBe(5);
    const open = await db
      .select()
      .from(citizenEnrolmentsTable)
      .where(and(eq(citizenEnrolmentsTable.citizenId, inger)));
    expect(open.every((e) => e.endedAt !== null)).toBe(true);
    // Jonas, her home carer, tries to call her: refused (placeRefusedCall fails if it rings).
    const refusal = await placeRefusedCall(
      web.t,
      { kind: 'staff', id: staffId('jonas.nielsen'), municipalityId: demo.municipalityId },
      { kind: 'citizen', id: inger },
    );
    expect(refusal.type).toBe('call.refused');

    // The box comes back: one press, then nothing is overdue.
    await detail.getByRole('button', { name: 'Skærmen er hentet' }).click();
    await detail.getByText(/^Skærmen er hentet \d/).waitFor();
    await expectAccessible(page, 'service case ended');
  }, 120_000);
});
