import { and, desc, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createCitizen, createMunicipality, createStaff } from '../../test/fixtures.js';
import { createUnit } from '../../test/kits/care.js';
import { enrolViaApi, supportApi, until } from '../../test/kits/devices.js';
import { createTestDatabase } from '../../test/postgres-database.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { auditLogTable, callPermissionsTable, deviceConfigsTable } from '../db/index.js';

/**
 * The hours that light a kiosk's night-watch lamp are pushed after each change, by the node that made it. A node
 * that stopped between the change and its push, a push that failed, or a cloud upgraded with a new rule leaves a
 * kiosk with other hours than its resident's: the next start brings them up to date, without anyone saving
 * anything, and writes nothing for a kiosk that is up to date. On the real PostgreSQL, restarted on the same data.
 */
const clouds: TestCloud[] = [];
const databases: { drop(): Promise<void> }[] = [];
afterAll(async () => {
  for (const t of clouds.splice(0)) await t.close();
  for (const d of databases.splice(0)) await d.drop();
});

const NIGHTS = [{ days: [1, 2, 3, 4, 5, 6, 7], from: '22:00', to: '07:00' }];
const WEEKEND = [{ days: [6, 7], from: '18:00', to: '24:00' }];

describe("the kiosks' night-watch hours at the cloud's start", () => {
  it('are pushed to kiosks whose pushed hours are not their resident’s now, and to no other', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const first = await startTestCloud({ DATABASE_URL: database.url });
    clouds.push(first);
    const home = await createMunicipality(first);
    const api = await supportApi(first, {
      id: (await createStaff(first, home.id, 'support')).id,
      municipalityId: home.id,
    });
    const facility = await createUnit(first, home.id, 'facility', 'Plejecenter Rønnebo');
    const pool = await createUnit(first, home.id, 'night_watch_pool', 'Nattevagten Rønnebo');
    expect(
      (await api('PUT', `/api/night-watch/pools/${pool.id}/coverage`, { facilityUnitIds: [facility.id] }))
        .status,
    ).toBe(200);
    let label = 0;
    const resident = async () => {
      const citizen = await createCitizen(first, home.id);
      const enrolled = await api('POST', '/api/enrolments', { citizenId: citizen.id, unitId: facility.id });
      const enrolmentId = enrolled.body.id as string;
      const { deviceId } = await enrolViaApi(first, api, `NS-${++label}`);
      await api('POST', `/api/devices/${deviceId}/lend`, { citizenId: citizen.id });
      await api('PUT', `/api/devices/${deviceId}/config`, { nightWatch: { enabled: true, poolId: pool.id } });
      await api('PUT', `/api/enrolments/${enrolmentId}/permissions/citizen_to_night_watch`, {
        windows: NIGHTS,
      });
      expect((await targetOf(first, deviceId)).config.nightWatch.windows).toEqual(NIGHTS);
      return { enrolmentId, deviceId };
    };
    const crashed = await resident();
    const older = await resident();
    const current = await resident();

    // Her hours changed and the node stopped before it pushed them: the change is in the database only.
    await first.cloud.db.db
      .update(callPermissionsTable)
      .set({ windows: WEEKEND })
      .where(eq(callPermissionsTable.enrolmentId, crashed.enrolmentId));
    // What a cloud from before the lamp stored: no hours at all.
    const { config, version } = await targetOf(first, older.deviceId);
    const { windows: _w, ...withoutHours } = config.nightWatch;
    await first.cloud.db.db
      .update(deviceConfigsTable)
      .set({ config: { ...config, nightWatch: withoutHours } })
      .where(and(eq(deviceConfigsTable.deviceId, older.deviceId), eq(deviceConfigsTable.version, version)));
    const currentVersion = (await targetOf(first, current.deviceId)).version;
    clouds.splice(0);
    await first.close();

    const next = await startTestCloud({ DATABASE_URL: database.url });
    clouds.push(next);
    const [line] = await until(
      async () => next.logs.filter((l) => l.msg === "kiosks given their residents' night-watch hours"),
      (lines) => lines.length === 1,
      'the start-up push',
    );
    expect(line).toMatchObject({ kiosks: 2 });
    expect((await targetOf(next, crashed.deviceId)).config.nightWatch.windows).toEqual(WEEKEND);
    expect((await targetOf(next, older.deviceId)).config.nightWatch.windows).toEqual(NIGHTS);
    expect((await targetOf(next, current.deviceId)).version).toBe(currentVersion);
    // Written by the cloud itself, in one bulk push.
    const audited = await next.cloud.db.db
      .select({ actorKind: auditLogTable.actorKind, details: auditLogTable.details })
      .from(auditLogTable)
      .where(
        and(eq(auditLogTable.action, 'device.config_pushed'), eq(auditLogTable.targetId, crashed.deviceId)),
      )
      .orderBy(desc(auditLogTable.id))
      .limit(1);
    expect(audited[0]).toMatchObject({
      actorKind: 'system',
      details: expect.objectContaining({ bulk: true }),
    });
  });
});

async function targetOf(t: TestCloud, deviceId: string) {
  const [row] = await t.cloud.db.db
    .select({ config: deviceConfigsTable.config, version: deviceConfigsTable.version })
    .from(deviceConfigsTable)
    .where(eq(deviceConfigsTable.deviceId, deviceId))
    .orderBy(desc(deviceConfigsTable.version))
    .limit(1);
  return row!;
}
