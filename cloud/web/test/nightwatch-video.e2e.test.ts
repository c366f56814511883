import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { hashPassword } from '../../src/auth/password/hashing.js';
import { grantCallPermission } from '../../src/care/index.js';
import {
  citizenEnrolmentsTable,
  poolCoverageTable,
  unitMembershipsTable,
  unitsTable,
} from '../../src/db/index.js';
import { createStaff, LOOPBACK_NETWORKS } from '../../test/fixtures.js';
import { enrolTotp } from '../../test/kits/care.js';
import { newCitizen, smsCode, supportDesk } from '../../test/kits/citizens.js';
import {
  activateCitizen,
  type CallsCloud,
  expectRemoteVideo,
  mediaAfterHangUp,
  startCallsCloud,
} from './calls-world.js';
import { logInOnPage } from './nightwatch-steps.js';
import { expectAccessible, PASSWORD } from './staff-steps.js';

/**
 * Issue 5, night watch with video: a BYOD citizen (activated through the real route, living at a facility the
 * pool covers, with the citizen_to_night_watch permission) presses "Ring til nattevagten"; two on-duty consoles
 * ring; one accepts and both ends see each other's decoded video; the other console sees "taken by"; hang-up
 * ends every track. Debian's Chromium with a fake camera against a real cloud node.
 */
async function byodNightWorld(cloud: CallsCloud) {
  const t = cloud.t;
  const db = t.cloud.db.db;
  const desk = await supportDesk(t, { staffNetworks: LOOPBACK_NETWORKS });
  const municipalityId = desk.municipality.id;
  const unit = async (kind: 'facility' | 'night_watch_pool', name: string) =>
    (await db.insert(unitsTable).values({ municipalityId, kind, name }).returning())[0]!;
  const facility = await unit('facility', 'Plejehjem Solgården');
  const pool = await unit('night_watch_pool', 'Nattevagten');
  await db.insert(poolCoverageTable).values({ poolUnitId: pool.id, facilityUnitId: facility.id });
  const passwordHash = await hashPassword(PASSWORD);
  const night = async (displayName: string) => {
    const username = `${displayName.split(' ')[0]!.toLowerCase()}-${randomUUID().slice(0, 6)}`;
    const staff = await createStaff(t, municipalityId, 'staff', {
      username,
      displayName,
      passwordHash,
      passwordChangedAt: new Date(),
    });
    await db.insert(unitMembershipsTable).values({ staffId: staff.id, unitId: pool.id });
    const totp = await enrolTotp(t, staff.id);
    return { id: staff.id, username, displayName, code: totp.code };
  };
  const aase = await newCitizen(desk, 'Aase Beboer');
  const [enrolment] = await db
    .insert(citizenEnrolmentsTable)
    .values({ citizenId: aase, unitId: facility.id, startedAt: new Date(Date.now() - 86_400_000) })
    .returning();
  await grantCallPermission(db, {
    municipalityId,
    enrolmentId: enrolment!.id,
    direction: 'citizen_to_night_watch',
    windows: null,
    at: new Date(Date.now() - 60_000),
  });
  const { code } = await smsCode(desk, aase);
  return { pool, night, code };
}

describe.skipIf(!hasChromium())('a BYOD citizen calls the night watch with video', () => {
  let cloud: CallsCloud;
  let w: Awaited<ReturnType<typeof byodNightWorld>>;
  const problems: string[][] = [];

  beforeAll(async () => {
    cloud = await startCallsCloud();
    w = await byodNightWorld(cloud);
  });
  afterAll(async () => {
    for (const p of problems) expect(p).toEqual([]);
    await cloud?.close();
  });

  const page = async () => {
    const p = await cloud.newPage();
    problems.push(p.problems);
    return p.page;
  };
  const onDutyConsole = async (who: Awaited<ReturnType<typeof w.night>>) => {
    const c = await page();
    await logInOnPage(c, `${cloud.origin}/nightwatch/`, who);
    await c.getByTestId('console-person').filter({ hasText: who.displayName }).waitFor();
    await c.getByRole('switch', { name: 'På vagt' }).click();
    await c.getByTestId('duty-state').getByText('Du er på vagt', { exact: true }).waitFor();
    return c;
  };

  it('rings both consoles; the one that accepts and the citizen see each other; the other sees who took it; hang-up ends every track', async () => {
    const jonas = await w.night('Jonas Nattevagt');
    const ida = await w.night('Ida Nattevagt');
    const a = await onDutyConsole(jonas);
    const b = await onDutyConsole(ida);

    const citizen = await page();
    await activateCitizen(citizen, cloud, w.code);
    const ring = citizen.getByRole('button', { name: 'Ring til nattevagten' });
    await ring.waitFor();
    await expectAccessible(citizen, 'citizen home with the night-watch button');
    await ring.click();
    await citizen.getByTestId('call-screen').waitFor();

    const acceptA = a.getByRole('button', { name: 'Tag opkaldet fra Aase Beboer' });
    await acceptA.waitFor();
    await b.getByRole('button', { name: 'Tag opkaldet fra Aase Beboer' }).waitFor();
    await acceptA.click();

    await b.getByTestId('taken-by').getByText(`Taget af ${jonas.displayName}`).waitFor();
    await a.getByTestId('in-call').getByTestId('call-screen').waitFor();
    await expectRemoteVideo(a, 'accepting console');
    await expectRemoteVideo(citizen, 'citizen');
    await a.getByTestId('call-quality').waitFor();
    await a.getByTestId('self-view').waitFor();
    await expectAccessible(a, 'console in a video call');
    await expectAccessible(citizen, 'citizen in a video call');
    await expectAccessible(b, 'console, taken by a colleague');

    await citizen.getByRole('button', { name: 'Læg på' }).click();
    await citizen.getByTestId('call-ended').waitFor();
    await a.getByTestId('call-notice').getByText('Samtalen med Aase Beboer er slut.').waitFor();
    for (const [who, p] of [
      ['citizen', citizen],
      ['accepting console', a],
      ['other console', b],
    ] as const) {
      const m = await mediaAfterHangUp(p);
      if (who !== 'other console') expect(m.tracks.length, who).toBeGreaterThanOrEqual(2);
      expect(
        m.tracks.every((s) => s === 'ended'),
        `${who} tracks ${m.tracks}`,
      ).toBe(true);
      expect(
        m.pcs.every((s) => s === 'closed'),
        `${who} peer connections ${m.pcs}`,
      ).toBe(true);
    }
  });
});
