import { systemClock } from '@screenvisit/protocol';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createMunicipality, createStaff } from '../../test/fixtures.js';
import { as, createUnit, member } from '../../test/kits/care.js';
import { kioskLentTo, supportApi, until } from '../../test/kits/devices.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import {
  accessReviewLinesTable,
  accessReviewsTable,
  citizenEnrolmentsTable,
  deviceConfigsTable,
} from '../db/index.js';
import { createLogger } from '../kernel/logger.js';
import { runAccessReviews, scheduleAccessReviews } from './schedule.js';

/**
 * A relation the access review removes takes the resident's night-watch permission with it: the kiosk's lamp must
 * go out then, by a manager's answer and by the sweep at the deadline alike, not at the kiosk's next push.
 * Its own cloud: the sweep here removes every undecided line of the units it reviews.
 */
let t: TestCloud;
let home: { id: string };
let api: Awaited<ReturnType<typeof supportApi>>;
let label = 0;

beforeAll(async () => {
  t = await startTestCloud();
  home = await createMunicipality(t);
  api = await supportApi(t, { id: (await createStaff(t, home.id, 'support')).id, municipalityId: home.id });
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const NIGHTS = [{ days: [1, 2, 3, 4, 5, 6, 7], from: '22:00', to: '07:00' }];

/** A covered facility with a resident permitted to call its pool at night, and her kiosk (not online). */
async function residentOfFacility(name: string) {
  const facility = await createUnit(t, home.id, 'facility', name);
  const pool = await createUnit(t, home.id, 'night_watch_pool', `Nattevagten ${name}`);
  expect(
    (await api('PUT', `/api/night-watch/pools/${pool.id}/coverage`, { facilityUnitIds: [facility.id] }))
      .status,
  ).toBe(200);
  const citizen = await createCitizen(t, home.id);
  const enrolled = await api('POST', '/api/enrolments', { citizenId: citizen.id, unitId: facility.id });
  expect(enrolled.status).toBe(201);
  const enrolmentId = enrolled.body.id as string;
  const { deviceId } = await kioskLentTo(t, api, citizen.id, {
    label: `AR-${String(++label).padStart(4, '0')}`,
  });
  expect(
    (await api('PUT', `/api/devices/${deviceId}/config`, { nightWatch: { enabled: true, poolId: pool.id } }))
      .status,
  ).toBe(202);
  expect(
    (
      await api('PUT', `/api/enrolments/${enrolmentId}/permissions/citizen_to_night_watch`, {
        windows: NIGHTS,
      })
    ).status,
  ).toBe(200);
  expect(await windowsOf(deviceId)).toEqual(NIGHTS);
  return { facility, enrolmentId, deviceId };
}

/** The hours in the kiosk's target config: the newest version the cloud wrote. */
async function windowsOf(deviceId: string) {
  const [row] = await t.cloud.db.db
    .select({ config: deviceConfigsTable.config })
    .from(deviceConfigsTable)
    .where(eq(deviceConfigsTable.deviceId, deviceId))
    .orderBy(desc(deviceConfigsTable.version))
    .limit(1);
  return row?.config.nightWatch.windows;
}

/** The review line of her relation in the facility's open review. */
async function relationLine(facilityId: string, enrolmentId: string) {
  const [line] = await t.cloud.db.db
    .select({ id: accessReviewLinesTable.id, reviewId: accessReviewLinesTable.reviewId })
    .from(accessReviewLinesTable)
    .innerJoin(accessReviewsTable, eq(accessReviewsTable.id, accessReviewLinesTable.reviewId))
    .where(and(eq(accessReviewsTable.unitId, facilityId), eq(accessReviewLinesTable.subjectId, enrolmentId)));
  return line!;
}

describe("the resident's night-watch lamp after an access review", () => {
  it('goes out when the unit manager removes her relation', async () => {
    const { facility, enrolmentId, deviceId } = await residentOfFacility('Plejecenter Kløverly');
    const manager = await member(t, home.id, 'unit_manager', [facility.id]);
    await runAccessReviews(t.cloud.db.db, new Date());
    const line = await relationLine(facility.id, enrolmentId);

    const removed = await (await as(t, manager.subject)).post(`/api/access-reviews/lines/${line.id}`, {
      decision: 'removed',
    });
    expect(removed.status).toBe(204);
    // Pushed before the answer: a press would reach nobody now, and the lamp says so.
    expect(await windowsOf(deviceId)).toEqual([]);
  });

  it('goes out when the sweep removes her relation nobody confirmed by the deadline', async () => {
    const { facility, enrolmentId, deviceId } = await residentOfFacility('Plejecenter Mosebo');
    await runAccessReviews(t.cloud.db.db, new Date());
    const { reviewId } = await relationLine(facility.id, enrolmentId);
    // The deadline passed with her line undecided.
    await t.cloud.db.db
      .update(accessReviewsTable)
      .set({ deadline: new Date(Date.now() - 1_000) })
      .where(eq(accessReviewsTable.id, reviewId));

    // The job as the cloud runs it (node/start-cloud.ts), with the cloud's own kiosk configs.
    const stop = scheduleAccessReviews(
      {
        db: t.cloud.db,
        clock: systemClock,
        log: createLogger({ level: 'silent' }),
        kioskConfigs: t.cloud.kioskConfigs,
      },
      3_600_000,
    );
    try {
      await until(
        () => windowsOf(deviceId),
        (w) => Array.isArray(w) && w.length === 0,
        'the lamp going out',
      );
    } finally {
      await stop();
    }
    const [ended] = await t.cloud.db.db
      .select({ endedAt: citizenEnrolmentsTable.endedAt })
      .from(citizenEnrolmentsTable)
      .where(eq(citizenEnrolmentsTable.id, enrolmentId));
    expect(ended?.endedAt).not.toBeNull();
  });
});
