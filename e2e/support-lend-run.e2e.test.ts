import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizensTable, devicesTable, issueEnrolmentCode, registerDevice } from '../cloud/src/db/index.js';
import { lendDevice, returnDevice } from '../cloud/src/devices/inventory.js';
import { shoot } from '../cloud/web/test/shots.js';
import { expectAccessible } from '../cloud/web/test/staff-steps.js';
import { type SupportDesk, supportDesk } from '../cloud/web/test/support-desk.js';
import type { WebCloud } from '../cloud/web/test/web-cloud.js';
import { hasChromium } from '../test-support/requirements.js';

/**
 * "A support worker with 40 kiosks to lend this week", in Debian's Chromium by accessible names: she lends one
 * kiosk after another from the list (Lån en skærm ud) with the name and Enter, never opening a kiosk's page;
 * the next free kiosk is chosen for her, and one never enrolled comes with its enrolment code at once (a code the
 * kiosk really enrols with). A kiosk taken back and not wiped is never offered: the panel says how many wait for
 * a wipe and shows them. On a kiosk's own page a lend shows the code at once too.
 * SV_SCREENSHOTS=<dir> keeps screenshots to look at.
 */
/** KBH-0001..3 registered (never enrolled), KBH-0004 enrolled on the shelf, KBH-0005 taken back from Inger unwiped. */
const SHELF = ['KBH-0001', 'KBH-0002', 'KBH-0003', 'KBH-0004', 'KBH-0005'];
const CODE = /[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/;

describe.skipIf(!hasChromium())('support lends kiosks one after another from the list', () => {
  let desk: SupportDesk;
  let web: WebCloud;
  let page: Page;
  const ids = new Map<string, string>();

  const enrol = (code: string, hardwareId: string) =>
    fetch(`${web.t.base}/api/devices/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, hardwareId }),
    });
  const citizenId = async (name: string) =>
    (await web.t.cloud.db.db.select().from(citizensTable).where(eq(citizensTable.displayName, name)))[0]!.id;
  const stored = async (label: string) =>
    (await web.t.cloud.db.db.select().from(devicesTable).where(eq(devicesTable.label, label)))[0]!;

  beforeAll(async () => {
    desk = await supportDesk({ careDemo: true });
    web = desk.web;
    const { demo } = desk;
    const db = web.t.cloud.db.db;
    const municipalityId = demo.municipalityId;
    const actor = { staffId: demo.staff.find((s) => s.username === 'sofie.berg')!.id, ip: null };
    for (const label of SHELF) ids.set(label, (await registerDevice(db, { municipalityId, label })).id);
    // "Anne" begins Anne Lund's name and stands inside Johanne Berg's (the cloud's search finds both).
    await db.insert(citizensTable).values([
      { municipalityId, displayName: 'Anne Lund' },
      { municipalityId, displayName: 'Johanne Berg' },
    ]);
    for (const label of ['KBH-0004', 'KBH-0005']) {
      const code = await issueEnrolmentCode(db, ids.get(label)!, { ttlMs: 60_000, now: new Date() });
      expect((await enrol(code, `hw-${label}`)).status).toBe(201);
    }
    const inger = await citizenId('Inger Rasmussen');
    await lendDevice(db, {
      municipalityId,
      deviceId: ids.get('KBH-0005')!,
      citizenId: inger,
      actor,
      now: new Date(),
    });
    await returnDevice(db, { municipalityId, deviceId: ids.get('KBH-0005')!, actor, now: new Date() });
    ({ page } = await desk.logIn());
    await desk.openKiosks(page);
  }, 180_000);
  afterAll(async () => {
    await desk?.close();
  });

  const kiosk = () => page.getByLabel('Skærm, der lånes ud');
  const name = () => page.getByLabel('Søg borger efter navn');
  const said = () => page.getByTestId('lend-run-said');

  it('lends the next free kiosk to a citizen typed by name with Enter, and shows its code at once', async () => {
    // Free: the registered and the enrolled ones, in label order; not KBH-0005 (taken back, not wiped), not
    // DEMO-KIOSK-1 (lent to Aase Pedersen).
    expect(await kiosk().locator('option').allTextContents()).toEqual([
      'KBH-0001 – Registreret, ikke tilmeldt',
      'KBH-0002 – Registreret, ikke tilmeldt',
      'KBH-0003 – Registreret, ikke tilmeldt',
      'KBH-0004 – På lager',
    ]);
    expect(await kiosk().inputValue()).toBe(ids.get('KBH-0001'));
    await page.getByText('4 skærme er ledige.', { exact: false }).waitFor();
    await expectAccessible(page, 'kiosk list with the lend panel');
    await shoot(page, 'lendrun-1-panel');

    await name().fill('Poul');
    await page.getByRole('button', { name: /^Lån KBH-0001 til Poul Andersen \(/ }).waitFor();
    await name().press('Enter');
    await said()
      .getByText(/^KBH-0001 er udlånt til Poul Andersen \(Ref\. [0-9A-F]{6}\)\.$/)
      .waitFor();
    const shown = (await page.getByTestId('lend-run-code').textContent()) ?? '';
    expect(shown).toMatch(/^Tilmeldingskode til KBH-0001: /);
    // Ready for the next citizen: the name field empty and focused, the next free kiosk chosen.
    expect(await name().inputValue()).toBe('');
    expect(await name().evaluate((el) => el === document.activeElement)).toBe(true);
    await page.waitForFunction(
      (id) => (document.getElementById('lend-kiosk') as HTMLSelectElement | null)?.value === id,
      ids.get('KBH-0002'),
    );
    const row = page.getByTestId('device-table').getByRole('row', { name: /KBH-0001/ });
    await row.getByText('Poul Andersen').waitFor();
    expect((await stored('KBH-0001')).citizenId).toBe(await citizenId('Poul Andersen'));
    await expectAccessible(page, 'kiosk list after a lend');
    await shoot(page, 'lendrun-2-lent-with-code');
    // The code shown is the kiosk's real one: it enrols with it, and is then lent (cloud redeemEnrolmentCode).
    expect((await enrol(CODE.exec(shown)![0], 'hw-KBH-0001')).status).toBe(201);
    expect((await stored('KBH-0001')).lifecycle).toBe('lent');
  });

  it('never lends on Enter while several citizens match; lends a kiosk chosen by its label by its button', async () => {
    // "sen" is in Else Mortensen, Aase Pedersen, Birthe Sørensen: Enter must not guess.
    await name().fill('sen');
    await page.getByRole('button', { name: /^Lån KBH-0002 til Else Mortensen/ }).waitFor();
    await name().press('Enter');
    // Enter did nothing, and says why (before, nothing at all happened).
    await page
      .getByText(
        'Flere borgere passer på »sen«. Skriv mere af navnet, eller tryk på knappen med den rigtige borger.',
      )
      .waitFor();
    expect((await stored('KBH-0002')).citizenId).toBeNull();
    await said()
      .getByText(/^KBH-0001 er udlånt/)
      .waitFor();
    // Aase already has DEMO-KIOSK-1: said at her name, and her button cannot be pressed.
    expect(
      await page
        .getByRole('button', { name: 'Aase Pedersen (Plejecenter Solbakken) (har allerede DEMO-KIOSK-1)' })
        .isDisabled(),
    ).toBe(true);

    // The box in her hand is the enrolled KBH-0004: chosen by its label, lent with no code (it has its credential).
    await kiosk().selectOption({ label: 'KBH-0004 – På lager' });
    await page.getByRole('button', { name: /^Lån KBH-0004 til Else Mortensen/ }).click();
    await said()
      .getByText(/^KBH-0004 er udlånt til Else Mortensen \(Ref\. [0-9A-F]{6}\)\.$/)
      .waitFor();
    await said()
      .getByText('KBH-0004 er tilmeldt i forvejen og får borgerens kontakter, så snart den er online.')
      .waitFor();
    expect(await page.getByTestId('lend-run-code').count()).toBe(0);
    expect((await stored('KBH-0004')).lifecycle).toBe('lent');
    // Back to the next free one by label.
    expect(await kiosk().locator('option').allTextContents()).toEqual([
      'KBH-0002 – Registreret, ikke tilmeldt',
      'KBH-0003 – Registreret, ikke tilmeldt',
    ]);
  });

  it('lends on Enter to the one name that begins with the typed words, and says so when she already has a kiosk', async () => {
    await name().fill('Anne');
    await page.getByRole('button', { name: /^Lån KBH-0002 til Johanne Berg/ }).waitFor();
    // Anne Lund is listed first: her name begins with the words.
    await expect
      .poll(async () => (await page.getByRole('button', { name: /^Lån KBH-0002 til / }).allTextContents())[0])
      .toMatch(/Anne Lund/);
    await name().press('Enter');
    await said()
      .getByText(/^KBH-0002 er udlånt til Anne Lund \(Ref\. [0-9A-F]{6}\)\.$/)
      .waitFor();
    expect((await stored('KBH-0002')).citizenId).toBe(await citizenId('Anne Lund'));
    await name().fill('Anne');
    await page.getByRole('button', { name: /Johanne Berg/ }).waitFor();
    await name().press('Enter');
    await page.getByText('Anne Lund har allerede KBH-0002. Der er ikke lånt noget ud.').waitFor();
    expect((await stored('KBH-0003')).citizenId).toBeNull();
    await name().fill('');
  });

  it('says how many kiosks wait for a wipe, and shows them', async () => {
    await page
      .getByText('1 skærm er taget retur og skal slettes, før den kan lånes ud til en anden borger.')
      .waitFor();
    await page.getByRole('button', { name: 'Vis skærmene, der skal slettes' }).click();
    await page.getByTestId('device-count').getByText('Viser 1 af 6 skærme').waitFor();
    const row = page.getByTestId('device-table').getByRole('row', { name: /KBH-0005/ });
    await row.getByText('Taget retur – skal slettes før næste udlån').waitFor();
    await shoot(page, 'lendrun-3-waiting-for-wipe');
    expect(await page.getByLabel('Vis skærme').inputValue()).toBe('returned');
    await page.getByLabel('Vis skærme').selectOption('all');
  });

  it('shows the code at once after a lend on a kiosk’s own page', async () => {
    await page.getByRole('button', { name: 'Åbn KBH-0003' }).click();
    await page.getByRole('heading', { name: 'Skærm KBH-0003' }).waitFor();
    await name().fill('Knud');
    await page.getByRole('button', { name: /^Lån skærmen til Knud Olsen/ }).waitFor();
    await name().press('Enter');
    await page
      .getByTestId('lent-to')
      .getByText(/^Udlånt til Knud Olsen \(Ref\. [0-9A-F]{6}\)\.$/)
      .waitFor();
    expect((await page.getByTestId('enrolment-code').textContent()) ?? '').toMatch(
      /^Tilmeldingskode: [A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\. /,
    );
    await page
      .getByTestId('device-lent-unenrolled')
      .getByText('Skriv tilmeldingskoden herunder ind på skærmen.')
      .waitFor();
    await expectAccessible(page, 'kiosk page, lent with its code');
    await shoot(page, 'lendrun-4-page-lent-with-code');
  });
});
