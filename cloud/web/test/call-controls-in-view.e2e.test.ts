import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { seriousViolations } from './browser-checks.js';
import { byodNightWorld } from './byod-night-world.js';
import {
  activateCitizen,
  type CallsCloud,
  expectRemoteVideo,
  logInStaff,
  seedCallWorld,
  startCallsCloud,
} from './calls-world.js';
import { logInOnPage } from './nightwatch-steps.js';
import { shoot } from './shots.js';

/**
 * A worker in a call sees the other person, "Slå lyden fra", "Sluk kamera" and "Læg på" without scrolling, on
 * the screens they work at. A night-watch walk found "Læg på" below the edge of the console at 1280×900 and
 * 1920×1080: the page's header, title, theme switch, intro and the "Opkald" heading stood above the 16:9
 * picture, and the page did not move to the call. The care staff's call sat under their home panel.
 */
const SCREENS = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1280, height: 900 },
  { width: 1920, height: 1080 },
  { width: 375, height: 667 },
] as const;
type Screen = (typeof SCREENS)[number];

const CONTROLS = ['Slå lyden fra', 'Sluk kamera', 'Læg på'] as const;

/**
 * Until the call screen stands still: "Læg på" in the same place for three frames in a row (the screen measures
 * itself a frame after it changes, call-view.tsx). Where it then stands is what the test judges.
 */
const settled = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        let last = '';
        let same = 0;
        let frames = 0;
        const look = () => {
          const button = [...document.querySelectorAll('[data-testid=call-screen] button')].at(-1);
          const r = button?.getBoundingClientRect();
          const now = r ? `${r.top},${r.bottom},${innerHeight}` : '';
          same = now === last ? same + 1 : 0;
          last = now;
          if (same >= 3 || ++frames > 120) resolve();
          else requestAnimationFrame(look);
        };
        requestAnimationFrame(look);
      }),
  );

/**
 * What of the running call is not on the screen as it stands (no scrolling), in words with positions, so a
 * failure says where "Læg på" went. Empty when the heading, the picture, the three buttons and `more` are in view.
 */
async function outOfView(page: Page, screen: Screen, more: { name: string; testId: string }[] = []) {
  const problems: string[] = [];
  const check = async (what: string, box: { x: number; y: number; width: number; height: number } | null) => {
    if (!box) return problems.push(`${what}: not shown`);
    const [top, bottom] = [Math.round(box.y), Math.round(box.y + box.height)];
    if (box.y < 0 || box.y + box.height > screen.height || box.x < 0 || box.x + box.width > screen.width)
      problems.push(`${what} at ${top}–${bottom} px, the screen is ${screen.height} px high`);
  };
  const call = page.getByTestId('call-screen');
  await check('the heading', await call.getByRole('heading').boundingBox());
  const picture = await call.getByTestId('remote-video').boundingBox();
  await check('the picture', picture);
  if (picture && picture.height < 150)
    problems.push(`the picture is only ${Math.round(picture.height)} px high`);
  for (const m of more) await check(m.name, await call.getByTestId(m.testId).boundingBox());
  for (const name of CONTROLS)
    await check(`"${name}"`, await call.getByRole('button', { name, exact: true }).boundingBox());
  return problems;
}

/**
 * "Læg på" reached by keyboard is not covered by anything (WCAG 2.4.11): the element at its middle is the
 * button, and the page does not scroll sideways (WCAG 1.4.10).
 */
async function hangUpUncovered(page: Page) {
  const hangUp = page.getByTestId('call-screen').getByRole('button', { name: 'Læg på', exact: true });
  await hangUp.focus();
  const covered = await hangUp.evaluate((button) => {
    const r = button.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return top === null || !button.contains(top);
  });
  expect(covered, '"Læg på" covered').toBe(false);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBeLessThanOrEqual(0);
}

/** 1280×1024 at 400 % zoom (WCAG 1.4.10): too little height for the whole call, so the page scrolls instead. */
const ZOOMED = { width: 320, height: 256 } as const;

/**
 * At 400 % the call reflows: nothing is pushed sideways, the picture keeps a size and nothing lies over it or
 * over the buttons (the picture's height has a floor, and the call screen is never squeezed into the screen's
 * height), and "Læg på" is reached by scrolling, uncovered.
 */
async function reflows(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBeLessThanOrEqual(0);
  const call = page.getByTestId('call-screen');
  const picture = (await call.getByTestId('remote-video').boundingBox())!;
  expect(picture.height, 'the picture keeps a size').toBeGreaterThanOrEqual(150);
  let above = picture.y + picture.height;
  for (const name of CONTROLS) {
    const box = (await call.getByRole('button', { name, exact: true }).boundingBox())!;
    expect(box.y, `"${name}" under what is above it`).toBeGreaterThanOrEqual(above);
    above = box.y + box.height;
  }
  await hangUpUncovered(page);
}

describe.skipIf(!hasChromium())('the whole call on one screen, without scrolling', () => {
  let cloud: CallsCloud;
  const problems: string[][] = [];
  const open = async () => {
    const p = await cloud.newPage();
    problems.push(p.problems);
    return p.page;
  };
  beforeAll(async () => {
    cloud = await startCallsCloud();
  }, 120_000);
  afterAll(async () => {
    for (const p of problems) expect(p).toEqual([]);
    await cloud?.close();
  });

  describe('the night-watch console', () => {
    let nightConsole: Page;
    let citizen: Page;
    beforeAll(async () => {
      const w = await byodNightWorld(cloud);
      const jonas = await w.night('Jonas Nattevagt');
      [nightConsole, citizen] = await Promise.all([
        open().then(async (c) => {
          await logInOnPage(c, `${cloud.origin}/nightwatch/`, jonas);
          await c.getByTestId('console-person').filter({ hasText: jonas.displayName }).waitFor();
          await c.getByRole('button', { name: /Gå på vagt/ }).click();
          await c.getByTestId('duty-state').getByText('Du er på vagt', { exact: true }).waitFor();
          return c;
        }),
        open().then(async (c) => {
          await activateCitizen(c, cloud, w.code);
          return c;
        }),
      ]);
    }, 90_000);

    for (const screen of SCREENS) {
      it(`shows the resident, mute, camera and "Læg på" at ${screen.width}×${screen.height}`, async () => {
        await nightConsole.setViewportSize(screen);
        await nightConsole.evaluate(() => scrollTo(0, 0));
        await citizen.getByRole('button', { name: 'Ring til nattevagten' }).click();
        await nightConsole.getByRole('button', { name: 'Tag opkaldet fra Aase Beboer' }).click();
        await nightConsole.getByTestId('in-call').getByTestId('call-screen').waitFor();
        await expectRemoteVideo(nightConsole, 'the console sees the resident');
        await nightConsole.getByTestId('call-quality').waitFor();
        await settled(nightConsole);
        await shoot(nightConsole, `nightwatch-call-${screen.width}x${screen.height}`, { fullPage: false });
        expect(await outOfView(nightConsole, screen)).toEqual([]);
        await hangUpUncovered(nightConsole);
        expect(await seriousViolations(nightConsole), 'console in a call').toEqual([]);

        await nightConsole
          .getByTestId('call-screen')
          .getByRole('button', { name: 'Læg på', exact: true })
          .click();
        await nightConsole
          .getByTestId('call-notice')
          .getByText('Samtalen med Aase Beboer er slut.')
          .waitFor();
        await nightConsole
          .locator('.notice', { has: nightConsole.getByTestId('call-notice') })
          .getByRole('button', { name: 'OK', exact: true })
          .click();
        await citizen.getByTestId('call-ended').waitFor();
        await citizen.getByRole('button', { name: 'OK', exact: true }).first().click();
      }, 60_000);
    }

    it('reflows at 400 % zoom: the page scrolls to "Læg på", nothing overlaps', async () => {
      await nightConsole.setViewportSize(ZOOMED);
      await nightConsole.evaluate(() => scrollTo(0, 0));
      await citizen.getByRole('button', { name: 'Ring til nattevagten' }).click();
      await nightConsole.getByRole('button', { name: 'Tag opkaldet fra Aase Beboer' }).click();
      await expectRemoteVideo(nightConsole, 'the console sees the resident');
      await nightConsole.getByTestId('call-quality').waitFor();
      await settled(nightConsole);
      await reflows(nightConsole);
      await shoot(nightConsole, 'nightwatch-call-400-percent');
      await nightConsole
        .getByTestId('call-screen')
        .getByRole('button', { name: 'Læg på', exact: true })
        .click();
      await citizen.getByTestId('call-ended').waitFor();
    }, 60_000);
  });

  describe('the care staff’s call screen, with its call time', () => {
    let staff: Page;
    let citizen: Page;
    beforeAll(async () => {
      const world = await seedCallWorld(cloud);
      [staff, citizen] = await Promise.all([
        open().then(async (s) => {
          await logInStaff(s, cloud, world.username);
          return s;
        }),
        open().then(async (c) => {
          await activateCitizen(c, cloud, world.code);
          return c;
        }),
      ]);
    }, 90_000);

    for (const screen of SCREENS) {
      it(`shows the citizen, the call time, mute, camera and "Læg på" at ${screen.width}×${screen.height}`, async () => {
        await staff.setViewportSize(screen);
        await staff.evaluate(() => scrollTo(0, 0));
        await staff.getByRole('button', { name: 'Ring til Birthe Borger' }).click();
        await citizen.getByRole('button', { name: 'Tag den' }).click();
        await expectRemoteVideo(staff, 'the staff member sees the citizen');
        await staff.getByTestId('call-time').waitFor();
        await staff.getByTestId('call-quality').waitFor();
        await settled(staff);
        await shoot(staff, `staff-call-${screen.width}x${screen.height}`, { fullPage: false });
        expect(await outOfView(staff, screen, [{ name: '"Samtaletid"', testId: 'call-time' }])).toEqual([]);
        await hangUpUncovered(staff);
        expect(await seriousViolations(staff), 'staff call screen').toEqual([]);

        await staff.getByTestId('call-screen').getByRole('button', { name: 'Læg på', exact: true }).click();
        await citizen.getByTestId('call-ended').waitFor();
        await citizen.getByRole('button', { name: 'OK', exact: true }).first().click();
        await staff.getByRole('button', { name: 'Ikke nu' }).click();
        await staff.getByTestId('outcome-form').waitFor({ state: 'detached' });
      }, 60_000);
    }

    it('reflows at 400 % zoom: the page scrolls to "Læg på", nothing overlaps', async () => {
      await staff.setViewportSize(ZOOMED);
      await staff.evaluate(() => scrollTo(0, 0));
      await staff.getByRole('button', { name: 'Ring til Birthe Borger' }).click();
      await citizen.getByRole('button', { name: 'Tag den' }).click();
      await expectRemoteVideo(staff, 'the staff member sees the citizen');
      await staff.getByTestId('call-time').waitFor();
      await settled(staff);
      await reflows(staff);
      await shoot(staff, 'staff-call-400-percent');
      await staff.getByTestId('call-screen').getByRole('button', { name: 'Læg på', exact: true }).click();
      await citizen.getByTestId('call-ended').waitFor();
    }, 60_000);
  });
});
