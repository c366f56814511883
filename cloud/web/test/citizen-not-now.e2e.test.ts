import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { seriousViolations } from './browser-checks.js';
import {
  activateCitizen,
  type CallsCloud,
  letBirtheCallTheTeam,
  logInStaff,
  seedCallWorld,
  startCallsCloud,
} from './calls-world.js';
import { shoot } from './shots.js';

/**
 * A citizen says "Ikke nu" to a call on her own phone held upright (390×844). The home screen that follows put
 * "Ring til hjemmeplejen" under the same finger, so the second tap of a trembling hand (a double tap) called
 * the team she had just said no to; and her own choice was answered "Opkaldet blev afvist." with an OK, as if
 * something had gone wrong. Now the page says calmly what she chose, and the call buttons rest for a second.
 */
describe.skipIf(!hasChromium())('a citizen says "Ikke nu" on her phone', () => {
  let cloud: CallsCloud;
  beforeAll(async () => {
    cloud = await startCallsCloud();
  }, 120_000);
  afterAll(async () => {
    await cloud?.close();
  });

  it('says calmly that she said no, and a double tap on "Ikke nu" calls nobody', async () => {
    const world = await seedCallWorld(cloud);
    // She may call the team at any time: "Ring til hjemmeplejen" is on her home screen.
    await letBirtheCallTheTeam(cloud, world, null);
    const phone = { width: 390, height: 844 };
    const { page: citizen, context } = await cloud.newPage(phone);
    const { page: staff, context: staffContext } = await cloud.newPage();
    try {
      await logInStaff(staff, cloud, world.username);
      await activateCitizen(citizen, cloud, world.code);
      const callTeam = citizen.getByRole('button', { name: 'Ring til hjemmeplejen' });
      await callTeam.waitFor();
      await staff.getByRole('button', { name: 'Ring til Birthe Borger' }).click();
      const notNow = citizen.getByRole('button', { name: 'Ikke nu' });
      await notNow.waitFor();
      const box = (await notNow.boundingBox())!;
      const finger = { x: box.x + box.width / 2, y: box.y + box.height / 2 };

      // The double tap: "Ikke nu", then the same spot again as soon as the home screen is there.
      await citizen.mouse.click(finger.x, finger.y);
      const tapped = Date.now();
      await callTeam.waitFor();
      const under = (await callTeam.boundingBox())!;
      const onButton =
        finger.x >= under.x &&
        finger.x <= under.x + under.width &&
        finger.y >= under.y &&
        finger.y <= under.y + under.height;
      // Where the finger lands on the home screen; if the button is elsewhere, the second tap goes on it.
      await citizen.mouse.click(
        onButton ? finger.x : under.x + under.width / 2,
        onButton ? finger.y : under.y + under.height / 2,
      );
      expect(Date.now() - tapped, 'the second tap came within the second').toBeLessThan(900);

      // Nothing rings at the team, and her phone is not calling, a moment later.
      await citizen.waitForTimeout(1_500);
      expect(await citizen.getByTestId('call-screen').count(), 'her phone is calling').toBe(0);
      expect(await staff.getByTestId('incoming-call').count(), 'the team’s console rings').toBe(0);
      await citizen
        .getByText('Du sagde nej tak til opkaldet fra Mette Hjemmepleje.', { exact: true })
        .waitFor();
      expect(await citizen.getByText('Opkaldet blev afvist.').count()).toBe(0);
      expect(await citizen.getByRole('button', { name: 'OK' }).count()).toBe(0);
      await shoot(citizen, 'byod-said-no-390');
      expect(await seriousViolations(citizen), 'home screen after "Ikke nu"').toEqual([]);
      await citizen.getByRole('button', { name: 'English' }).click();
      await citizen
        .getByText('You said no thank you to the call from Mette Hjemmepleje.', { exact: true })
        .waitFor();
      await citizen.getByRole('button', { name: 'Dansk' }).click();

      // After that second the button calls as ever.
      await callTeam.click();
      await citizen.getByTestId('call-screen').waitFor();
      await staff.getByTestId('incoming-call').waitFor();
      await citizen.getByRole('button', { name: 'Læg på' }).click();
      await citizen.getByTestId('call-ended').waitFor();
    } finally {
      await context.close();
      await staffContext.close();
    }
  }, 90_000);
});
