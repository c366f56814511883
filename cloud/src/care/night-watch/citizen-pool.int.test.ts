import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Desk, newCitizen, smsCode, supportDesk, TestBrowser } from '../../../test/kits/citizens.js';
import { startTestCloud, type TestCloud } from '../../../test/test-cloud.js';
import { citizenEnrolmentsTable, poolCoverageTable, unitsTable } from '../../db/index.js';
import { grantCallPermission, revokeCallPermission } from '../index.js';

/** GET /api/citizen/me names the night-watch pool only where the citizen may really call it. */
describe('the night-watch pool on the citizen first screen', () => {
  let t: TestCloud;
  let desk: Desk;

  beforeAll(async () => {
    t = await startTestCloud();
    desk = await supportDesk(t);
  });
  afterAll(() => t.close());

  async function resident() {
    const db = t.cloud.db.db;
    const municipalityId = desk.municipality.id;
    const unit = async (kind: 'facility' | 'night_watch_pool', name: string) =>
      (await db.insert(unitsTable).values({ municipalityId, kind, name }).returning())[0]!;
    const facility = await unit('facility', 'Plejehjem Solgården');
    const pool = await unit('night_watch_pool', 'Nattevagten');
    await db.insert(poolCoverageTable).values({ poolUnitId: pool.id, facilityUnitId: facility.id });
    const id = await newCitizen(desk, 'Aase Beboer');
    const [enrolment] = await db
      .insert(citizenEnrolmentsTable)
      .values({ citizenId: id, unitId: facility.id, startedAt: new Date(Date.now() - 86_400_000) })
      .returning();
    const browser = new TestBrowser(t);
    const { code } = await smsCode(desk, id);
    expect((await browser.login('/api/citizen/activate', { code })).status).toBe(200);
    const me = async () =>
      (await (await browser.fetch('GET', '/api/citizen/me')).json()) as Record<string, unknown>;
    return { municipalityId, pool, enrolmentId: enrolment!.id, me };
  }

  it('answers null for a covered facility without the citizen_to_night_watch permission', async () => {
    const r = await resident();
    await grantCallPermission(t.cloud.db.db, {
      municipalityId: r.municipalityId,
      enrolmentId: r.enrolmentId,
      direction: 'citizen_to_staff',
      windows: null,
      at: new Date(Date.now() - 60_000),
    });
    expect((await r.me()).nightWatchPoolId).toBeNull();
  });

  it('answers the covering pool once the permission exists, and null again after it is revoked', async () => {
    const r = await resident();
    await grantCallPermission(t.cloud.db.db, {
      municipalityId: r.municipalityId,
      enrolmentId: r.enrolmentId,
      direction: 'citizen_to_night_watch',
      windows: null,
      at: new Date(Date.now() - 60_000),
    });
    expect(await r.me()).toEqual({
      displayName: 'Aase Beboer',
      securityLevel: 'device_bound',
      nightWatchPoolId: r.pool.id,
      callStaff: null,
    });
    await revokeCallPermission(t.cloud.db.db, {
      enrolmentId: r.enrolmentId,
      direction: 'citizen_to_night_watch',
      at: new Date(Date.now() - 1_000),
    });
    expect((await r.me()).nightWatchPoolId).toBeNull();
  });
});
