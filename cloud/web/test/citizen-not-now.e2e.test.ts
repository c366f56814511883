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
 * something had gone wrong. Now the page says calmly what she chose, and the call buttons rest for a second,
 * counted by when she tapped, not by when a busy phone gets round to the tap.
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

      // The double tap: "Ikke nu", then the same spot again as soon as the home screen is there. Timed from before
      // the first tap: a click returns only once the page has handled it and DevTools has answered, so under load
      // "within 900 ms of the first click's return" let a second tap come well over a second after the home screen
      // (and its rest) began, which the page rightly took as a call (the run that failed "her phone is calling").
      const tapped = Date.now();
      await citizen.mouse.click(finger.x, finger.y);
      await callTeam.waitFor();
      const under = (await callTeam.boundingBox())!;
      const onButton =
        finger.x >= under.x &&
        finger.x <= under.x + under.width &&
        finger.y >= under.y &&
        finger.y <= under.y + under.height;
      // Where the finger lands on the home screen; if the button is elsewhere, the second tap goes on it.
      const second = onButton ? finger : { x: under.x + under.width / 2, y: under.y + under.height / 2 };
      await citizen.mouse.click(second.x, second.y);
      // The rest starts when the home screen is drawn, after the first tap began: both taps within this second.
      expect(Date.now() - tapped, 'the second tap came within the second').toBeLessThan(1_000);

      // Nothing rings at the team, and her phone is not calling, a moment later.
      await citizen.waitForTimeout(1_500);
      expect(await citizen.getByTestId('call-screen').count(), 'her phone is calling').toBe(0);
      expect(await staff.getByTestId('incoming-call').count(), 'the team’s console rings').toBe(0);

      // A busy phone handles a tap late: one she made 0.3 s after "Ikke nu", which the page gets only after the
      // rest has run out and the buttons are enabled again, is still a double tap and calls nobody. DevTools hands
      // the page such a tap now, stamped with the moment it was made, as a touch screen stamps its touches.
      await expect.poll(() => callTeam.isEnabled(), { timeout: 5_000 }).toBe(true);
      const devtools = await context.newCDPSession(citizen);
      const late = { ...second, button: 'left', clickCount: 1, timestamp: (tapped + 300) / 1_000 } as const;
      await devtools.send('Input.dispatchMouseEvent', { type: 'mousePressed', ...late });
      await devtools.send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...late });
      await citizen.waitForTimeout(1_500);
      expect(await citizen.getByTestId('call-screen').count(), 'a tap handled late called').toBe(0);
      expect(await staff.getByTestId('incoming-call').count(), 'the team’s console rings').toBe(0);
      await devtools.detach();

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
