import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { seriousViolations } from './browser-checks.js';
import {
  activateCitizen,
  type CallsCloud,
  expectRemoteVideo,
  logInStaff,
  seedCallWorld,
  startCallsCloud,
} from './calls-world.js';
import { shoot } from './shots.js';

/**
 * A citizen answers on her own phone held upright (found by the byodwalk): the call's picture filled the width at
 * 3:4 and pushed "Læg på" below the bottom of the screen (at 1,075 px on a 390×844 phone), and the guide tells her
 * to press the red button, not to scroll for it. All three buttons must be in view, as the call starts.
 */
describe.skipIf(!hasChromium())('a call on a citizen’s phone', () => {
  let cloud: CallsCloud;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    cloud = await startCallsCloud();
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await cloud?.close();
  });

  for (const phone of [
    { width: 390, height: 844 },
    { width: 360, height: 780 },
  ]) {
    it(`shows "Læg på" without scrolling on a ${phone.width}×${phone.height} phone, with the picture`, async () => {
      const world = await seedCallWorld(cloud);
      const staffOpened = await cloud.newPage();
      const citizenOpened = await cloud.newPage(phone);
      contexts.push(staffOpened.context, citizenOpened.context);
      const { page: staff } = staffOpened;
      const { page: citizen } = citizenOpened;
      await logInStaff(staff, cloud, world.username);
      await activateCitizen(citizen, cloud, world.code);
      await staff.getByRole('button', { name: 'Ring til Birthe Borger' }).click();
      await citizen.getByRole('button', { name: 'Tag den' }).click();
      await expectRemoteVideo(citizen, 'the citizen sees the staff member');
      const inView = async (name: string) => {
        // Where the page stands as the call starts (boundingBox is relative to the viewport): no scrolling.
        const box = await citizen.getByRole('button', { name, exact: true }).boundingBox();
        expect(box, name).not.toBeNull();
        return box!.y >= 0 && box!.y + box!.height <= phone.height && box!.x + box!.width <= phone.width;
      };
      expect(await inView('Læg på'), '"Læg på" in view').toBe(true);
      expect(await inView('Slå lyden fra'), '"Slå lyden fra" in view').toBe(true);
      expect(await inView('Sluk kamera'), '"Sluk kamera" in view').toBe(true);
      const picture = await citizen.getByTestId('remote-video').boundingBox();
      expect(picture!.height, 'the picture is still a good part of the screen').toBeGreaterThanOrEqual(
        phone.height * 0.3,
      );
      const hangUp = await citizen.getByRole('button', { name: 'Læg på', exact: true }).boundingBox();
      expect(hangUp!.height, 'a large target').toBeGreaterThanOrEqual(56);
      expect(
        await citizen.evaluate(() => document.documentElement.scrollWidth - innerWidth),
      ).toBeLessThanOrEqual(0);
      await shoot(citizen, `byod-in-call-${phone.width}x${phone.height}`);
      expect(await seriousViolations(citizen), 'in the call').toEqual([]);
      await citizen.getByRole('button', { name: 'Læg på', exact: true }).click();
      await citizen.getByTestId('call-ended').waitFor();
    }, 90_000);
  }
});
