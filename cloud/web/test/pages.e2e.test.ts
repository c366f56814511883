import { inArray } from 'drizzle-orm';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { devicesTable, municipalitiesTable, registerDevice } from '../../src/db/index.js';
import { VERSION } from '../../src/kernel/version.js';
import { createMunicipality, LOOPBACK_NETWORKS } from '../../test/fixtures.js';
import { newCitizen, smsCode, supportDesk } from '../../test/kits/citizens.js';
import { seriousViolations, tabThrough } from './browser-checks.js';
import { startWebCloud, type WebCloud } from './web-cloud.js';

/**
 * The five browser clients, built with the real vite config and served by a REAL cloud node (web-cloud.ts),
 * driven in Debian's Chromium. Never downloads a browser.
 */
const PAGES = [
  { path: '/', da: 'Velkommen til ScreenVisit', en: 'Welcome to ScreenVisit' },
  { path: '/staff/', da: 'Log ind for personale', en: 'Staff login' },
  { path: '/citizen/', da: 'Skriv din kode', en: 'Enter your code' },
  { path: '/nightwatch/', da: 'Nattevagt', en: 'Night watch' },
  { path: '/support/', da: 'Support', en: 'Support' },
  { path: '/admin/', da: 'Administration', en: 'Administration' },
] as const;

describe.skipIf(!hasChromium())('browser clients', () => {
  let web: WebCloud;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  /** total devices in the cloud, `online` of them connected (the figures /api/status counts). */
  const setDevices = async (total: number, online: number) => {
    const db = web.t.cloud.db.db;
    await db.delete(devicesTable);
    const [municipality] = await db.insert(municipalitiesTable).values({ name: 'Skærmkommune' }).returning();
    const ids: string[] = [];
    for (let i = 0; i < total; i++)
      ids.push((await registerDevice(db, { municipalityId: municipality!.id, label: `kiosk ${i}` })).id);
    await db
      .update(devicesTable)
      // Heard from just now: the cloud marks an online device that has not been heard from offline (issue 14).
      .set({ online: true, lastSeenAt: new Date() })
      .where(inArray(devicesTable.id, ids.slice(0, online)));
  };

  beforeAll(async () => {
    web = await startWebCloud();
    base = web.origin;
  });

  afterAll(async () => {
    await web?.close();
  });

  beforeEach(async () => {
    ({ context, page, problems } = await web.newPage());
  });

  afterEach(async () => {
    await context?.close();
  });

  const open = async (path: string) => {
    await page.goto(`${base}${path}`);
    await page.locator('h1').waitFor();
  };
  const text = async (locator: Locator) => (await locator.textContent())?.trim();
  const h1 = () => text(page.locator('h1'));
  const htmlLang = () => page.evaluate(() => document.documentElement.lang);

  describe.each(PAGES)('$path', ({ path, da, en }) => {
    it('loads with no console errors and no serious or critical axe violations (WCAG 2.2 AA)', async () => {
      await open(path);
      await page.waitForLoadState('networkidle');
      expect(await seriousViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
      // One main landmark holding the single h1, a banner with the product name, a footer, a skip link first.
      expect(await page.locator('main h1').count()).toBe(1);
      expect(await page.locator('h1').count()).toBe(1);
      expect(await text(page.locator('header'))).toContain('ScreenVisit');
      expect(await page.locator('footer').count()).toBe(1);
      expect(await page.locator('a[href]').first().getAttribute('href')).toBe('#main');
    });

    it('speaks Danish by default and switches to English, remembering the choice', async () => {
      await open(path);
      expect(await htmlLang()).toBe('da');
      expect(await h1()).toBe(da);
      await page.getByRole('button', { name: 'English' }).click();
      expect(await htmlLang()).toBe('en');
      expect(await h1()).toBe(en);
      expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
      if (da !== en) expect(await page.title()).toContain(en);
      await page.reload();
      await page.locator('h1').waitFor();
      expect(await htmlLang()).toBe('en');
      expect(await h1()).toBe(en);
      await page.getByRole('button', { name: 'Dansk' }).click();
      expect(await htmlLang()).toBe('da');
      expect(await h1()).toBe(da);
    });

    it('reaches every interactive element by Tab, each with a visible focus indicator', async () => {
      await open(path);
      await page.waitForLoadState('networkidle');
      const { count, stops } = await tabThrough(page);
      expect(count).toBeGreaterThan(3);
      const reached = new Set(stops.map((s) => s.index).filter((i) => i >= 0));
      expect([...reached].sort((a, b) => a - b)).toEqual([...Array(count).keys()]);
      for (const stop of stops.filter((s) => s.index >= 0)) {
        expect(stop, stop.label).toMatchObject({ focusVisible: true, inViewport: true });
        expect(stop.outline, stop.label).toMatch(/^solid [3-9]/);
      }
    });
  });

  // Runs first of the tests below, before any municipality admits loopback (the citizen test's support desk does): an unknown name from outside every staff network gets the
  // visible network refusal (cloud/src/auth/login/network.ts); once one admits it, the ordinary 401.
  it('tells staff off the municipal network why, and shows the server’s problem detail when login fails', async () => {
    await open('/staff/');
    await page.getByLabel('Brugernavn').fill('anna');
    await page.getByLabel('Adgangskode').fill('secret');
    await page.getByRole('button', { name: 'Log ind' }).click();
    expect(await text(page.getByTestId('problem-detail'))).toContain('kun logge ind fra kommunens netværk');

    await createMunicipality(web.t, { staffNetworks: LOOPBACK_NETWORKS });
    await page.getByLabel('Adgangskode').fill('wrong');
    await page.getByRole('button', { name: 'Log ind' }).click();
    // The cloud answers in the page's language (Accept-Language from <html lang>; issue 12 §7).
    await page.getByTestId('problem-detail').getByText('Brugernavn eller adgangskode er forkert.').waitFor();
    expect(await page.getByLabel('Adgangskode').inputValue()).toBe('wrong');
  });

  it('fits the citizen client into a 320 px wide phone with a main button of at least 48x48 px', async () => {
    await page.setViewportSize({ width: 320, height: 640 });
    await open('/citizen/');
    for (const lang of ['Dansk', 'English']) {
      await page.getByRole('button', { name: lang }).click();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      expect(overflow, lang).toBeLessThanOrEqual(0);
      const box = await page.locator('#activate').boundingBox();
      expect(box!.width).toBeGreaterThanOrEqual(48);
      expect(box!.height).toBeGreaterThanOrEqual(48);
      expect(box!.x + box!.width).toBeLessThanOrEqual(320);
    }
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('groups a typed activation code, refuses an incomplete or unknown one and accepts a real one', async () => {
    await open('/citizen/');
    const code = page.getByLabel('Din kode');
    await code.pressSequentially('ab12 cd34e');
    expect(await code.inputValue()).toBe('AB12-CD34-E');
    await page.getByRole('button', { name: 'Fortsæt' }).click();
    expect(await text(page.getByRole('alert'))).toContain('Du har skrevet 9');
    expect(await code.getAttribute('aria-invalid')).toBe('true');
    // The alphabet leaves out look-alikes (I, L, O, 0, 1), so this complete code was never issued: 410.
    await code.pressSequentially('f56');
    await page.getByRole('button', { name: 'Fortsæt' }).click();
    await page.getByText('Koden virkede ikke.').waitFor();
    expect((await text(page.getByTestId('problem-detail')))?.length).toBeGreaterThan(0);
    expect(await code.getAttribute('aria-invalid')).toBe('true');

    const desk = await supportDesk(web.t);
    const issued = await smsCode(desk, await newCitizen(desk));
    await code.fill('');
    await code.pressSequentially(issued.code.toLowerCase());
    await page.getByRole('button', { name: 'Fortsæt' }).click();
    await page.getByText('Tak. Din kode virker.').waitFor();
    // The spent code cannot be sent again: the field and "Fortsæt" are gone, "Gå videre" has the focus.
    expect(await code.count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Fortsæt' }).count()).toBe(0);
    const onward = page.getByRole('button', { name: 'Gå videre' });
    expect(await onward.evaluate((el) => el === document.activeElement)).toBe(true);
    // The page reads as done: no "Skriv din kode" heading, no "Skriv koden her." above the success.
    expect(await text(page.getByRole('heading', { level: 1 }))).toContain('Du er klar');
    expect(await page.getByText('Skriv koden her.').count()).toBe(0);
    const said = page.getByText('Tak. Din kode virker.');
    expect(
      await said.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize)),
    ).toBeGreaterThanOrEqual(24);
    expect(await seriousViolations(page)).toEqual([]);
    await onward.click();
    await page.getByRole('heading', { name: /Hej / }).waitFor();
    await page.getByTestId('citizen-waiting').waitFor();
    // No night watch for this citizen, so no word of it: a line about the municipality's settings gave them
    // nothing to do.
    expect(await page.getByText(/nattevagt/i).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('offers the citizen client as an installable web app with SVG and PNG icons, and an iOS home-screen icon', async () => {
    await open('/citizen/');
    const href = await page.locator('link[rel=manifest]').getAttribute('href');
    const manifest = await (await page.request.get(`${base}${href}`)).json();
    expect(manifest).toMatchObject({ start_url: '/citizen/', display: 'standalone', theme_color: '#0b4f8a' });
    expect(manifest.name).toContain('ScreenVisit');
    const types = new Set<string>();
    for (const icon of manifest.icons) {
      types.add(icon.type);
      const answer = await page.request.get(`${base}${icon.src}`);
      expect(answer.ok(), icon.src).toBe(true);
      expect(answer.headers()['content-type'], icon.src).toContain(icon.type);
    }
    expect([...types].sort()).toEqual(['image/png', 'image/svg+xml']);
    // iOS takes the home-screen icon from apple-touch-icon only, and only as PNG (180 x 180).
    const touch = await page.locator('link[rel=apple-touch-icon]').getAttribute('href');
    const png = await (await page.request.get(`${base}${touch}`)).body();
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([180, 180]);
  });

  it('shows the system status as figures and refreshes them every 5 s', async () => {
    // Seeded here, not for the whole file: the cloud marks an online device it has not heard from for 90 s
    // offline (DEVICE_OFFLINE_AFTER_SECONDS), and this file takes longer than that when it shares the machine.
    await setDevices(12, 9);
    await page.clock.install();
    await open('/support/');
    const online = page.getByTestId('devices-online').locator('dd');
    await online.getByText('9', { exact: true }).waitFor();
    expect(await text(page.getByTestId('devices-total').locator('dd'))).toBe('12');
    expect(await text(page.getByTestId('version').locator('dd'))).toBe(VERSION);
    await setDevices(13, 4);
    await page.clock.runFor(4_000);
    expect(await text(online)).toBe('9');
    await page.clock.runFor(1_100);
    await online.getByText('4', { exact: true }).waitFor();
    expect(await page.getByRole('link', { name: /API/ }).first().getAttribute('href')).toBe('/api/docs');
    expect(await page.locator('a[href="/api/openapi.json"]').count()).toBe(1);
  });
});
