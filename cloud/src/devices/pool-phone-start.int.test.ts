import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createMunicipality, createStaff } from '../../test/fixtures.js';
import { createUnit } from '../../test/kits/care.js';
import {
  configPushesUntil,
  connectKiosk,
  enrolViaApi,
  nthConfigPush,
  supportApi,
  until,
} from '../../test/kits/devices.js';
import { createTestDatabase, testDatabaseKind } from '../../test/postgres-database.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { auditLogTable, deviceConfigsTable } from '../db/index.js';

/**
 * Kiosks in the field hold the config an older cloud pushed: the number of the pool their button names, not the
 * one its fallback chain ends with (pool-phone.ts). The field and its format are the same, so the kiosk needs no
 * update; the cloud brings the number up to date at its start, without anyone saving a pool.
 */
const clouds: TestCloud[] = [];
const leftovers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const t of clouds.splice(0)) await t.close();
  for (const remove of leftovers.splice(0)) await remove();
});

describe("the pool chain's number in kiosks configured by an older cloud", () => {
  it("is pushed at the cloud's start to a kiosk whose config carries another number", async () => {
    // Both starts on one database and one data folder, as a restarted node. On the real server the database is a
    // copy of the migrated template (postgres-database.ts). DATA_DIR alone made both starts open embedded PGlite,
    // the first migrating it from nothing: past the 30 s timeout at load 12 (7.6 s at load 14 on the server).
    const dataDir = mkdtempSync(join(tmpdir(), 'sv-cloud-'));
    leftovers.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const database =
      (await testDatabaseKind()) === 'postgres' ? await createTestDatabase({ migrated: true }) : null;
    if (database) leftovers.push(() => database.drop());
    const env = { DATA_DIR: dataDir, ...(database ? { DATABASE_URL: database.url } : {}) };
    const first = await startTestCloud(env);
    clouds.push(first);
    const home = await createMunicipality(first);
    const api = await supportApi(first, {
      id: (await createStaff(first, home.id, 'support')).id,
      municipalityId: home.id,
    });
    const evening = await createUnit(first, home.id, 'night_watch_pool', 'Aftenvagten Solbakken');
    const night = await createUnit(first, home.id, 'night_watch_pool', 'Nattevagten Centralt');
    await api('PUT', `/api/night-watch/pools/${night.id}/settings`, { fallbackPhone: '33 66 00 00' });
    await api('PUT', `/api/night-watch/pools/${evening.id}/settings`, {
      fallbackPoolUnitId: night.id,
      fallbackPhone: '11 22 33 44',
    });
    const { deviceId, mqttPassword } = await enrolViaApi(first, api, 'FB-START');
    const before = await connectKiosk(first, deviceId, mqttPassword);
    await api('PUT', `/api/devices/${deviceId}/config`, {
      nightWatch: { enabled: true, poolId: evening.id },
    });
    const applied = await nthConfigPush(before, 1);
    await before.ack(applied.id);
    // What an older cloud stored and pushed: the first pool's own number.
    const older = {
      ...applied.config,
      nightWatch: { ...applied.config.nightWatch, fallbackPhone: '11 22 33 44' },
    };
    await first.cloud.db.db
      .update(deviceConfigsTable)
      .set({ config: older })
      .where(eq(deviceConfigsTable.deviceId, deviceId));
    await before.client.endAsync(true);
    clouds.splice(0);
    await first.close();

    const next = await startTestCloud(env);
    clouds.push(next);
    await until(
      async () => next.logs.filter((l) => l.msg === "kiosks given their pool chain's fallback number"),
      (lines) => lines.length === 1,
      'the start-up push',
    );
    const after = await connectKiosk(next, deviceId, mqttPassword);
    const pushed = await configPushesUntil(after, 1);
    expect(pushed.at(-1)).toMatchObject({
      version: 2,
      config: { nightWatch: { enabled: true, poolId: evening.id, fallbackPhone: '33 66 00 00' } },
    });
    // Written as one bulk push (bulk-config.ts, in batches), audited as the cloud's own doing.
    const audited = await next.cloud.db.db
      .select({ actorKind: auditLogTable.actorKind, details: auditLogTable.details })
      .from(auditLogTable)
      .where(and(eq(auditLogTable.action, 'device.config_pushed'), eq(auditLogTable.targetId, deviceId)));
    expect(audited.find((a) => (a.details as { version?: number }).version === 2)).toEqual({
      actorKind: 'system',
      details: expect.objectContaining({ version: 2, bulk: true }),
    });
    await after.client.endAsync(true);
  });
});
