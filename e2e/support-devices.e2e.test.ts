import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { connectAsync } from 'mqtt';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callRecordsTable,
  deviceConfigsTable,
  devicesTable,
  nightWatchCallsTable,
  staffTable,
  unitsTable,
} from '../cloud/src/db/index.js';
import { tabTo } from '../cloud/web/test/nightwatch-steps.js';
import { shoot } from '../cloud/web/test/shots.js';
import { expectAccessible } from '../cloud/web/test/staff-steps.js';
import { type DemoStaff, type SupportDesk, supportDesk } from '../cloud/web/test/support-desk.js';
import type { WebCloud } from '../cloud/web/test/web-cloud.js';
import { fullJitterBackoff } from '../device/src/backoff.js';
import { removeDir, startTestKiosk, type TestKiosk } from '../device/src/testing/kiosk.js';
import { hasChromium } from '../test-support/requirements.js';
import { until } from './kiosk-world.js';

/**
 * Issue 12 "done when", support's part, in Debian's Chromium by accessible names with no id typed by hand:
 * register a kiosk and enrol it (the real kiosk agent on the simulated board, as the demo's simulated kiosk
 * does), lend it to a citizen found by name, set its night-watch pool by name, find it (blink), take it back
 * and wipe it; afterwards it can neither call nor be reached (credential refused, no loan). axe on each screen;
 * the dialogs are driven by keyboard. SV_SCREENSHOTS=<dir> keeps screenshots to look at.
 */
const LABEL = 'KBH-E2E-1';

describe.skipIf(!hasChromium())('support manages a loan kiosk by name', () => {
  let desk: SupportDesk;
  let web: WebCloud;
  let page: Page;
  let kiosk: TestKiosk | undefined;
  let poolId: string;
  let admin: DemoStaff;
  let vendor: DemoStaff;
  /** The MQTT password the kiosk got at enrolment, to prove it is refused after the wipe. */
  let credential: { deviceId: string; mqttPassword: string };

  beforeAll(async () => {
    desk = await supportDesk({ careDemo: true });
    web = desk.web;
    const [pool] = await web.t.cloud.db.db
      .select()
      .from(unitsTable)
      .where(eq(unitsTable.name, 'Nattevagten Solbakken'));
    poolId = pool!.id;
    admin = await desk.staff('henrik.dahl');
    vendor = await desk.staff('nina.vestergaard');
    ({ page } = await desk.logIn());
    await desk.openKiosks(page);
  }, 180_000);
  afterAll(async () => {
    await kiosk?.stop();
    if (kiosk) await removeDir(kiosk.dataDir);
    await desk?.close();
  });

  const said = () => page.getByTestId('device-said');
  const outcome = (text: string | RegExp) => page.getByTestId('device-outcomes').getByText(text);

  it('registers a kiosk, and the kiosk enrols with the code support shows', async () => {
    await page.getByLabel('Skærmens mærkat (fx KBH-0001)').fill(LABEL);
    await page.getByRole('button', { name: 'Registrér skærm' }).click();
    await page
      .getByRole('button', { name: `Åbn ${LABEL}` })
      .first()
      .click();
    await page.getByRole('heading', { name: `Skærm ${LABEL}` }).waitFor();
    expect(await page.getByTestId('device-lifecycle').textContent()).toBe('Registreret, ikke tilmeldt');
    // Nothing on it to wipe (the cloud would refuse): not offered, and the page says why.
    await page.getByText('Skærmen er ikke tilmeldt, så der er intet på den at slette.').waitFor();
    expect(await page.getByRole('button', { name: 'Slet skærmen' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Lav tilmeldingskode' }).click();
    const shown = (await said().getByText('Tilmeldingskode').textContent()) ?? '';
    const code = /[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(shown)?.[0];
    expect(code).toBeDefined();
    kiosk = await startTestKiosk({
      cloudUrl: web.t.base,
      mqttUrl: `mqtt://127.0.0.1:${web.t.cloud.ports.mqtt}`,
      code: code!,
      reconnectPolicy: fullJitterBackoff({ baseMs: 100, capMs: 800 }),
      random: Math.random,
    });
    await page.getByTestId('device-connection').getByText('Online').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('device-lifecycle').textContent()).toBe('På lager');
    await page.getByRole('button', { name: 'Slet skærmen' }).waitFor();
    credential = JSON.parse(await readFile(join(kiosk.dataDir, 'credential.json'), 'utf8'));
    await expectAccessible(page, 'device page, enrolled');
    await shoot(page, 'devices-1-enrolled');
  });

  it('lends it to a citizen found by name and sets the night-watch pool by name', async () => {
    await page.getByLabel('Søg borger efter navn').fill('Poul');
    await page.getByRole('button', { name: 'Lån skærmen til Poul Andersen' }).click();
    await page
      .getByTestId('lent-to')
      .getByText(/^Udlånt til Poul Andersen \(Ref\. [0-9A-F]{6}\)\.$/)
      .waitFor();
    await said().getByText('Skærmen er udlånt til Poul Andersen.').waitFor();

    await page.getByLabel('Nattevagtsknappen er slået til').check();
    await page
      .getByLabel('Nattevagt som knappen ringer til')
      .selectOption({ label: 'Nattevagten Solbakken' });
    await page.getByRole('button', { name: 'Send indstillingerne til skærmen' }).click();
    const sent =
      (await said()
        .getByText(/Version \d+ er sendt/)
        .textContent()) ?? '';
    const version = Number(/Version (\d+)/.exec(sent)?.[1]);
    const deviceId = kiosk!.agent.deviceId!;
    const stored = async () =>
      (await web.t.cloud.db.db.select().from(devicesTable).where(eq(devicesTable.id, deviceId)))[0]!;
    await until('the kiosk applying the new version', async () => (await stored()).configVersion >= version);
    const [applied] = await web.t.cloud.db.db
      .select()
      .from(deviceConfigsTable)
      .where(eq(deviceConfigsTable.deviceId, deviceId))
      .orderBy(desc(deviceConfigsTable.version))
      .limit(1);
    expect(applied!.version).toBe(version);
    // The pool's switchboard number goes with it (the demo's Solbakken has one), for a kiosk that cannot reach
    // the night watch (devices/pool-phone.ts). Poul (home care) has no permission to call that pool, so his hours
    // are none: the button's lamp stays out, as a press of his would be refused (devices/night-watch-hours.ts).
    expect(applied!.config.nightWatch).toEqual({
      enabled: true,
      poolId,
      fallbackPhone: '70 10 20 30',
      windows: [],
    });
    await outcome(/^Indstillinger \(.+\): udført$/)
      .first()
      .waitFor({ timeout: 15_000 });

    await page.getByRole('button', { name: 'Find skærmen (blinker i 30 sekunder)' }).click();
    await outcome(/^Find skærmen \(\d{2}\.\d{2}\.\d{4}, \d{2}\.\d{2}.*\): udført$/).waitFor({
      timeout: 15_000,
    });
    await expectAccessible(page, 'device page, lent');
    await shoot(page, 'devices-2-lent');
    await page.getByRole('button', { name: 'Tilbage til alle skærme' }).click();
    const row = page.getByTestId('device-table').getByRole('row', { name: new RegExp(LABEL) });
    await row.getByText('Poul Andersen').waitFor();
    await expectAccessible(page, 'device list');
    await shoot(page, 'devices-3-list');
    await page.getByRole('button', { name: `Åbn ${LABEL}` }).click();
  });

  it('takes it back and wipes it, by keyboard, each after a question that says what happens', async () => {
    const giveBack = page.getByRole('button', { name: 'Tag skærmen retur' });
    await tabTo(page, giveBack, 150);
    await page.keyboard.press('Enter');
    const question = page.getByRole('dialog', { name: `Tag skærm ${LABEL} retur fra Poul Andersen?` });
    await question.waitFor();
    await expectAccessible(page, 'return dialog');
    await shoot(page, 'devices-4-return-dialog');
    await page.keyboard.press('Tab'); // from "Fortryd" to the action itself
    await page.keyboard.press('Enter');
    await said().getByText('Skærmen er taget retur.').waitFor();
    // Not offered for lending again as if nothing happened: the lend dialog says it is not wiped, wipe first.
    await page.getByTestId('returned-unwiped').getByText('er ikke slettet siden').waitFor();
    // The button pressed is gone: focus is on the message saying what happened, not lost on the page's body.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toBe('Skærmen er taget retur.');
    expect(await page.getByLabel('Søg borger efter navn').isVisible()).toBe(false);
    // The one loan the cloud allows before a wipe: back to the citizen it came from (taken back by mistake).
    expect(await page.getByRole('button', { name: 'Lån den tilbage til Poul Andersen' }).count()).toBe(1);
    expect(await page.getByTestId('device-lifecycle').textContent()).toBe(
      'Taget retur – skal slettes før næste udlån',
    );
    await expectAccessible(page, 'device page, returned and not wiped');

    const wipe = page.getByRole('button', { name: 'Slet skærmen' });
    expect(await wipe.count()).toBe(1);
    await tabTo(page, wipe, 150);
    await page.keyboard.press('Enter');
    const wipeQuestion = page.getByRole('dialog', { name: `Slet skærm ${LABEL}?` });
    await wipeQuestion.getByText('kan ikke ringe eller blive ringet op').waitFor();
    await shoot(page, 'devices-5-wipe-dialog');
    // Focus starts on the first choice ("ready to be lent again"); Tab to "Fortryd", Tab to the action.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await said().getByText('Skærmen har slettet alt og er koblet fra.').waitFor({ timeout: 20_000 });
    await page.getByTestId('returned-unwiped').waitFor({ state: 'detached' });
    await expectAccessible(page, 'device page, wiped');
    await shoot(page, 'devices-6-wiped');
  });

  it('leaves a kiosk that can neither call nor be called', async () => {
    const k = kiosk!;
    const deviceId = (
      await web.t.cloud.db.db.select().from(devicesTable).where(eq(devicesTable.label, LABEL))
    )[0]!;
    await until('the kiosk unenrolled', () => k.agent.state === 'unenrolled');
    expect(deviceId.citizenId).toBeNull();
    expect(deviceId.credentialRevokedAt).not.toBeNull();
    // Its old credential is refused at CONNECT (CONNACK 5, not authorised).
    expect(credential.deviceId).toBe(deviceId.id);
    const refused = await connectAsync(`mqtt://127.0.0.1:${web.t.cloud.ports.mqtt}`, {
      clientId: deviceId.id,
      username: deviceId.id,
      password: credential.mqttPassword,
      reconnectPeriod: 0,
    }).then(
      async (c) => {
        await c.endAsync(true);
        return 0;
      },
      (e: { code?: number }) => e.code ?? -1,
    );
    expect(refused).toBe(5);
    // The night-watch button does nothing: no call is placed and the kiosk stays unenrolled.
    const calls = async () => ({
      pool: (await web.t.cloud.db.db.select().from(nightWatchCallsTable)).length,
      records: (await web.t.cloud.db.db.select().from(callRecordsTable)).filter(
        (r) => r.callerId === deviceId.id || r.calleeId === deviceId.id,
      ).length,
    });
    const before = await calls();
    k.board.press('nightWatch');
    await new Promise((r) => setTimeout(r, 500));
    expect(k.agent.state).toBe('unenrolled');
    expect(k.agent.online).toBe(false);
    expect(await calls()).toEqual(before);
    expect(before.records).toBe(0);
  });

  it('shows the alerts in Danish sentences, accessible', async () => {
    const [pool] = await web.t.cloud.db.db.select().from(unitsTable).where(eq(unitsTable.id, poolId));
    await web.t.cloud.db.db.insert(staffTable).values({
      municipalityId: pool!.municipalityId,
      username: 'glemt.konto',
      displayName: 'Glemt Konto',
      createdAt: new Date(Date.now() - 200 * 86_400_000),
    });
    await page.getByRole('button', { name: 'Advarsler' }).click();
    await page.getByRole('heading', { name: 'Det skal nogen se på' }).waitFor();
    // Never logged in, and past the 120 days after which the inactivity job closes an account by itself.
    await page
      .getByTestId('alert-list')
      .getByText(
        'Glemt Konto er oprettet for 200 dage siden og har aldrig logget ind. Kontoen lukkes af sig selv meget snart',
      )
      .waitFor();
    await expectAccessible(page, 'alerts');
    await shoot(page, 'devices-7-alerts');
  });

  it('lets the system administrator change settings, asking before an allow-list that locks them out', async () => {
    const onAdmin = await admin.logIn('/admin/');
    const p = onAdmin.page;
    await p.getByRole('heading', { name: 'Indstillinger for Demo Kommune' }).waitFor();
    await expectAccessible(p, 'admin settings');
    await shoot(p, 'admin-1-settings');
    await p.getByLabel('Netværk, personalet må logge ind fra').fill('10.0.0.0/8');
    await p.getByRole('button', { name: 'Gem indstillingerne' }).click();
    const ask = p.getByRole('dialog', { name: 'Du vil lukke dig selv ude' });
    await ask.waitFor();
    await shoot(p, 'admin-2-lockout');
    await ask.getByRole('button', { name: 'Fortryd' }).click();
    await p.getByLabel('Netværk, personalet må logge ind fra').fill('127.0.0.0/8\n::1');
    // A cleared number field is a clear message, not a silent 0 or 1 (the field keeps what was typed).
    await p.getByLabel('Log ud efter så mange minutter uden aktivitet').fill('');
    await p.getByRole('button', { name: 'Gem indstillingerne' }).click();
    await p
      .locator('#set-idle-error')
      .getByText('Skriv et helt tal fra 1 til 1440 i feltet “Log ud efter så mange minutter uden aktivitet”.')
      .waitFor();
    await p.getByLabel('Log ud efter så mange minutter uden aktivitet').fill('20');
    await p.getByRole('button', { name: 'Gem indstillingerne' }).click();
    await p.getByText('Indstillingerne er gemt.').waitFor();
    expect(await p.getByLabel('Log ud efter så mange minutter uden aktivitet').inputValue()).toBe('20');
    expect(await p.getByLabel('Netværk, personalet må logge ind fra').inputValue()).toBe(
      '127.0.0.0/8\n::1/128',
    );
    expect(onAdmin.problems).toEqual([]);
    await onAdmin.context.close();
  });

  it('shows 2nd line (vendor support) the kiosks and their diagnostics, without names or actions', async () => {
    const onSupport = await vendor.logIn('/support/');
    const p = onSupport.page;
    await p.getByRole('heading', { name: 'Udlånsskærme' }).waitFor();
    expect(await p.getByRole('button', { name: 'Relationer' }).count()).toBe(0);
    expect(await p.getByText('Aase Pedersen').count()).toBe(0);
    await p.getByRole('button', { name: 'Åbn DEMO-KIOSK-1' }).click();
    await p.getByRole('link', { name: 'Hent diagnosepakke (uden personoplysninger)' }).waitFor();
    expect(await p.getByRole('button', { name: 'Slet skærmen' }).count()).toBe(0);
    expect(await p.getByText('Udlånt til').count()).toBe(0);
    await expectAccessible(p, 'vendor device page');
    await shoot(p, 'devices-8-vendor');
    expect(onSupport.problems).toEqual([]);
    await onSupport.context.close();
  });

  it('tells the system administrator and vendor support who they are on a page not for them, with a way out', async () => {
    for (const [who, path, name, refusal, own] of [
      [
        admin,
        '/nightwatch/',
        'Henrik Dahl (Systemadministrator)',
        'medarbejdere, ledere og kommunens support',
        ['Gå til Administration', '/admin/'],
      ],
      [
        vendor,
        '/dashboard/',
        'Nina Vestergaard (Leverandørens support)',
        'ledere og kommunens support',
        ['Gå til Support', '/support/'],
      ],
    ] as const) {
      const opened = await who.logIn(path);
      const p = opened.page;
      await p.getByTestId('wrong-role').getByText(refusal).waitFor();
      expect(await p.getByTestId('wrong-role-who').textContent()).toBe(`Du er logget ind som ${name}.`);
      // Where their own work is (page-roles.ts ownStartPage), not only whom this page is for.
      expect(await p.getByRole('link', { name: own[0] }).getAttribute('href')).toBe(own[1]);
      await expectAccessible(p, `refused on ${path}`);
      await shoot(p, `refused-${path.replaceAll('/', '')}`);
      // Not a dead end on a shared computer: log out here, and the login form is back for someone else.
      await p.getByRole('button', { name: 'Log ud, så en anden kan logge ind' }).click();
      await p.getByLabel('Brugernavn', { exact: true }).waitFor();
      expect((await p.request.get(`${web.origin}/api/auth/session`)).ok()).toBe(true);
      expect(await (await p.request.get(`${web.origin}/api/auth/session`)).json()).toMatchObject({
        authenticated: false,
      });
      expect(opened.problems).toEqual([]);
      await opened.context.close();
    }
  });
});
