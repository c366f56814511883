import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { grantCallPermission, revokeCallPermission } from '../../src/care/index.js';
import { seriousViolations } from './browser-checks.js';
import {
  activateCitizen,
  type CallsCloud,
  expectRemoteVideo,
  letBirtheCallTheTeam,
  logInStaff,
  seedCallWorld,
  startCallsCloud,
} from './calls-world.js';
import { shoot } from './shots.js';

/**
 * The citizen calls staff in one step from the home screen (issue 15 §2), in Chromium at 320 px; the staff
 * member's console rings with the citizen's name and answers with one click (staff-incoming.tsx).
 */
describe.skipIf(!hasChromium())('a citizen calls home care from the home screen', () => {
  let cloud: CallsCloud;
  beforeAll(async () => {
    cloud = await startCallsCloud();
  }, 120_000);
  afterAll(async () => {
    await cloud?.close();
  });

  it('refuses in plain Danish outside the agreed hours, and rings the team inside them', async () => {
    const world = await seedCallWorld(cloud);
    const db = cloud.t.cloud.db.db;
    // Hours on the cloud's clock, which decides whether the call is inside them.
    const later = DateTime.fromMillis(cloud.t.clock.now(), { zone: 'Europe/Copenhagen' }).plus({ hours: 3 });
    await letBirtheCallTheTeam(cloud, world, [
      {
        days: [1, 2, 3, 4, 5, 6, 7],
        from: later.toFormat('HH:00'),
        to: later.plus({ hours: 1 }).toFormat('HH:00'),
      },
    ]);
    const { page: citizen, context } = await cloud.newPage({ width: 320, height: 640 });
    const { page: staff, context: staffContext } = await cloud.newPage();
    try {
      await logInStaff(staff, cloud, world.username);
      await activateCitizen(citizen, cloud, world.code);
      const button = citizen.getByRole('button', { name: 'Ring til hjemmeplejen' });
      await button.waitFor();
      await shoot(citizen, 'byod-home-call-staff-320');
      expect(await seriousViolations(citizen), 'home screen').toEqual([]);
      await button.click();
      const refused = citizen.getByTestId('call-refused');
      await refused.waitFor();
      expect(await refused.getAttribute('data-code')).toBe('outside_time_window');
      expect(await refused.textContent()).toContain('Det er uden for det aftalte tidsrum.');
      await shoot(citizen, 'byod-call-staff-refused-320');
      await citizen.getByRole('button', { name: 'OK' }).first().click();

      // Any time now: the team rings, and the citizen is in the call once a member answers.
      await revokeCallPermission(db, {
        enrolmentId: world.birtheEnrolmentId,
        direction: 'citizen_to_staff',
        at: new Date(cloud.t.clock.now()),
      });
      await grantCallPermission(db, {
        municipalityId: world.municipalityId,
        enrolmentId: world.birtheEnrolmentId,
        direction: 'citizen_to_staff',
        windows: null,
        at: new Date(cloud.t.clock.now()),
      });
      await citizen.reload();
      await citizen.getByRole('button', { name: 'Ring til hjemmeplejen' }).click();
      await citizen.getByTestId('call-screen').waitFor();
      const ringing = staff.getByTestId('incoming-call');
      await ringing.waitFor();
      // Whom she called, said: the team ("Ring til hjemmeplejen"), so a colleague may take it first.
      expect(await staff.getByRole('heading', { name: 'Birthe Borger ringer til dit team' }).count()).toBe(1);
      await shoot(staff, 'staff-incoming-from-citizen');
      expect(await seriousViolations(staff), 'staff incoming-call screen').toEqual([]);
      // Focus starts on the answer button: Enter answers.
      expect(await staff.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Tag den');
      await staff.keyboard.press('Enter');
      await expectRemoteVideo(staff, 'staff sees the citizen who called');
      await expectRemoteVideo(citizen, 'the citizen sees staff');
      await shoot(citizen, 'byod-call-staff-connected-320');
      await staff.getByRole('button', { name: 'Læg på' }).click();
      await citizen.getByTestId('call-ended').waitFor();
    } finally {
      await context.close();
      await staffContext.close();
    }
  }, 90_000);

  it('names home care when nobody of the team can be reached, instead of "the person"', async () => {
    const world = await seedCallWorld(cloud);
    await letBirtheCallTheTeam(cloud, world, null);
    // Nobody of the team is logged in: the call is refused at once.
    const { page: citizen, context } = await cloud.newPage({ width: 320, height: 640 });
    try {
      await activateCitizen(citizen, cloud, world.code);
      await citizen.getByRole('button', { name: 'Ring til hjemmeplejen' }).click();
      const refused = citizen.getByTestId('call-refused');
      await refused.waitFor();
      expect(await refused.getAttribute('data-code')).toBe('callee_offline');
      // Her page says the team will know: her try is on their day page (missed-calls.tsx).
      expect(await refused.textContent()).toContain(
        'Hjemmeplejen kan ikke tage den lige nu. De kan se, at du har ringet.',
      );
      await citizen.getByRole('button', { name: 'OK' }).first().click();

      // A member of the team opens the day page later: Birthe is listed, and one press calls her back.
      const { page: staff, context: staffContext } = await cloud.newPage();
      try {
        await logInStaff(staff, cloud, world.username);
        const missed = staff.getByRole('region', { name: 'Borgere, der har ringet uden at nå nogen' });
        await missed.waitFor();
        expect(await missed.textContent()).toContain('Birthe Borger');
        await shoot(staff, 'staff-missed-citizen-call');
        expect(await seriousViolations(staff), 'day page with a missed citizen call').toEqual([]);
        await missed.getByRole('button', { name: 'Ring tilbage til Birthe Borger' }).click();
        await citizen.getByRole('button', { name: 'Tag den' }).click();
        await expectRemoteVideo(staff, 'staff sees the citizen called back');
        await staff.getByRole('button', { name: 'Læg på' }).click();
        await citizen.getByTestId('call-ended').waitFor();
        // They have spoken: the list no longer owes her a call.
        await staff.getByRole('heading', { name: 'Dagens plan' }).waitFor();
        await missed.waitFor({ state: 'detached', timeout: 20_000 });
      } finally {
        await staffContext.close();
      }
    } finally {
      await context.close();
    }
  }, 120_000);
});
