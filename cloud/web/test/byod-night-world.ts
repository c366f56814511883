import { randomUUID } from 'node:crypto';
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
import type { CallsCloud } from './calls-world.js';
import { PASSWORD } from './staff-steps.js';

/**
 * A BYOD resident (activated through the real route, living at a facility the pool covers, with the
 * citizen_to_night_watch permission) and night-watch members with passwords and authenticator apps.
 * Shared by the night-watch video and the night-watch lock/ring suites.
 */
export async function byodNightWorld(cloud: CallsCloud) {
  const t = cloud.t;
  const db = t.cloud.db.db;
  // Every instant below on the cloud's clock, which may be held to one day (calls-world.ts), not the system's.
  const desk = await supportDesk(t, { staffNetworks: LOOPBACK_NETWORKS }, t.clock);
  const municipalityId = desk.municipality.id;
  const unit = async (kind: 'facility' | 'night_watch_pool', name: string) =>
    (await db.insert(unitsTable).values({ municipalityId, kind, name }).returning())[0]!;
  const facility = await unit('facility', 'Plejehjem Solgården');
  const pool = await unit('night_watch_pool', 'Nattevagten');
  await db.insert(poolCoverageTable).values({ poolUnitId: pool.id, facilityUnitId: facility.id });
  const passwordHash = await hashPassword(PASSWORD);
  /** A member of the pool (a night-watch member, or with role unit_manager the pool's manager). */
  const night = async (displayName: string, role: 'staff' | 'unit_manager' = 'staff') => {
    const username = `${displayName.split(' ')[0]!.toLowerCase()}-${randomUUID().slice(0, 6)}`;
    const staff = await createStaff(t, municipalityId, role, {
      username,
      displayName,
      passwordHash,
      passwordChangedAt: new Date(t.clock.now()),
    });
    await db.insert(unitMembershipsTable).values({ staffId: staff.id, unitId: pool.id });
    const totp = await enrolTotp(t, staff.id);
    return { id: staff.id, username, displayName, code: totp.code };
  };
  const aase = await newCitizen(desk, 'Aase Beboer');
  const [enrolment] = await db
    .insert(citizenEnrolmentsTable)
    .values({ citizenId: aase, unitId: facility.id, startedAt: new Date(t.clock.now() - 86_400_000) })
    .returning();
  await grantCallPermission(db, {
    municipalityId,
    enrolmentId: enrolment!.id,
    direction: 'citizen_to_night_watch',
    windows: null,
    at: new Date(t.clock.now() - 60_000),
  });
  const { code } = await smsCode(desk, aase);
  return { pool, facility, night, code, resident: { id: aase, municipalityId, enrolmentId: enrolment!.id } };
}
