import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, hasChromium } from '../../../test-support/requirements.js';
import { seriousViolations, tabThrough } from './browser-checks.js';
import { type CloudDoubleState, cloudDouble } from './cloud-double.js';

/**
 * Builds the five browser clients with the real vite config, serves the output with vite preview (the lead later
 * points this at the real cloud) and drives Debian's Chromium. Never downloads a browser.
 */
const configFile = fileURLToPath(new URL('../vite.config.ts', import.meta.url));

const PAGES = [
  { path: '/', da: 'Velkommen til ScreenVisit', en: 'Welcome to ScreenVisit' },
  { path: '/staff/', da: 'Log ind for personale', en: 'Staff login' },
  { path: '/citizen/', da: 'Skriv din kode', en: 'Enter your code' },
  { path: '/nightwatch/', da: 'Nattevagt', en: 'Night watch' },
  { path: '/support/', da: 'Support', en: 'Support' },
] as const;

describe.skipIf(!hasChromium())('browser clients', () => {
  const state: CloudDoubleState = {
    status: { devices: { total: 12, online: 9 }, version: '0.1.0-e2e' },
    loginExists: false,
  };
  let outDir: string;
  let server: PreviewServer;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'screenvisit-web-'));
    await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    server = await preview({
      configFile,
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
      plugins: [cloudDouble(state)],
    });
    base = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    state.status = { devices: { total: 12, online: 9 }, version: '0.1.0-e2e' };
    state.loginExists = false;
    context = await browser.newContext({ viewport: { width: 1024, height: 768 }, reducedMotion: 'reduce' });
    page = await context.newPage();
    problems = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    // No CDNs, no external fonts: municipal networks may have no internet.
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:')) problems.push(`external: ${r.url()}`);
    });
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

  it('groups a typed activation code, refuses an incomplete one and says kindly that activation is not ready', async () => {
    await open('/citizen/');
    const code = page.getByLabel('Din kode');
    await code.pressSequentially('ab12 cd34e');
    expect(await code.inputValue()).toBe('AB12-CD34-E');
    await page.getByRole('button', { name: 'Fortsæt' }).click();
    expect(await text(page.getByRole('alert'))).toContain('Du har skrevet 9');
    expect(await code.getAttribute('aria-invalid')).toBe('true');
    await code.pressSequentially('f56');
    await page.getByRole('button', { name: 'Fortsæt' }).click();
    await page.getByText('Det virker ikke endnu').waitFor();
    expect(await code.getAttribute('aria-invalid')).toBe('false');
  });

  it('offers the citizen client as an installable web app with SVG icons', async () => {
    await open('/citizen/');
    const href = await page.locator('link[rel=manifest]').getAttribute('href');
    const manifest = await (await page.request.get(`${base}${href}`)).json();
    expect(manifest).toMatchObject({ start_url: '/citizen/', display: 'standalone', theme_color: '#0b4f8a' });
    expect(manifest.name).toContain('ScreenVisit');
    for (const icon of manifest.icons) {
      expect(icon.type).toBe('image/svg+xml');
      expect((await page.request.get(`${base}${icon.src}`)).ok()).toBe(true);
    }
  });

  it('tells staff that login is not available yet while the cloud has no login route', async () => {
    await open('/staff/');
    await page.getByLabel('Brugernavn').fill('anna');
    await page.getByLabel('Adgangskode').fill('secret');
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.getByText('Log ind er ikke klar endnu').waitFor();
  });

  it("shows the server's problem detail when login fails", async () => {
    state.loginExists = true;
    await open('/staff/');
    await page.getByLabel('Brugernavn').fill('anna');
    await page.getByLabel('Adgangskode').fill('wrong');
    await page.getByRole('button', { name: 'Log ind' }).click();
    expect(await text(page.getByTestId('problem-detail'))).toBe('Wrong username or password.');
    expect(await page.getByLabel('Adgangskode').inputValue()).toBe('wrong');
  });

  it('shows the system status as figures and refreshes them every 5 s', async () => {
    await page.clock.install();
    await open('/support/');
    const online = page.getByTestId('devices-online').locator('dd');
    await online.getByText('9', { exact: true }).waitFor();
    expect(await text(page.getByTestId('devices-total').locator('dd'))).toBe('12');
    expect(await text(page.getByTestId('version').locator('dd'))).toBe('0.1.0-e2e');
    state.status = { devices: { total: 13, online: 4 }, version: '0.1.1-e2e' };
    await page.clock.runFor(4_000);
    expect(await text(online)).toBe('9');
    await page.clock.runFor(1_100);
    await online.getByText('4', { exact: true }).waitFor();
    expect(await page.getByRole('link', { name: /API/ }).first().getAttribute('href')).toBe('/api/docs');
    expect(await page.locator('a[href="/api/openapi.json"]').count()).toBe(1);
  });

  it('lets the night watch switch duty on and off', async () => {
    await open('/nightwatch/');
    const toggle = page.getByRole('switch', { name: 'På vagt' });
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    expect(await page.getByRole('status').filter({ hasText: 'Du er på vagt' }).count()).toBe(1);
  });
});
