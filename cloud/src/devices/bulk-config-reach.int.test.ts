import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createMunicipality, createStaff } from '../../test/fixtures.js';
import { createUnit } from '../../test/kits/care.js';
import { supportApi } from '../../test/kits/devices.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import {
  citizenEnrolmentsTable,
  type DeviceHold,
  type DeviceLifecycle,
  deviceConfigsTable,
  devicesTable,
} from '../db/index.js';
import { sha256Hex } from '../db/repos/secrets.js';

/**
 * How many kiosks a bulk push reaches, in use now and not (lifecycle.ts inUseNow): the read-only preview
 * (GET /api/devices/config/preview) that support's question names, and the same split in the push's answer.
 */
let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud();
}, 60_000);
afterAll(async () => {
  await t?.close();
});

type Shelf = Record<
  string,
  {
    lifecycle: DeviceLifecycle;
    credential?: boolean;
    revoked?: boolean;
    heldAs?: DeviceHold;
    citizenId?: string;
    /** Taken back from a citizen and not wiped since (lifecycle.ts returnMark). */
    returned?: boolean;
  }
>;

/** A municipality with its support worker and a unit, and kiosks written straight to the table. */
async function place() {
  const home = await createMunicipality(t);
  const api = await supportApi(t, {
    id: (await createStaff(t, home.id, 'support')).id,
    municipalityId: home.id,
  });
  const unit = await createUnit(t, home.id, 'home_care_team', 'Hjemmepleje Nord');
  const citizen = async () => {
    const c = await createCitizen(t, home.id);
    await t.cloud.db.db.insert(citizenEnrolmentsTable).values({ citizenId: c.id, unitId: unit.id });
    return c.id;
  };
  const shelve = async (shelf: Shelf) => {
    const rows = await t.cloud.db.db
      .insert(devicesTable)
      .values(
        Object.entries(shelf).map(([label, d]) => ({
          municipalityId: home.id,
          label,
          lifecycle: d.lifecycle,
          credentialHash: d.credential === false ? null : sha256Hex(`secret-${label}`),
          credentialRevokedAt: d.revoked ? new Date() : null,
          heldAs: d.heldAs ?? null,
          heldSince: d.heldAs ? new Date() : null,
          citizenId: d.citizenId ?? null,
          returnedAt: d.returned ? new Date() : null,
        })),
      )
      .returning({ id: devicesTable.id, label: devicesTable.label });
    return new Map(rows.map((r) => [r.label, r.id]));
  };
  return { home, api, unit, citizen, shelve };
}

const preview = (api: Awaited<ReturnType<typeof supportApi>>, query: string) =>
  api('GET', `/api/devices/config/preview?${query}`);

describe('bulk config reach: in use now and not', () => {
  it('counts the kiosks a push would reach, in use and not, and writes nothing', async () => {
    const { api, unit, citizen, shelve } = await place();
    const ids = await shelve({
      'R-ENROLLED': { lifecycle: 'enrolled' },
      'R-LENT': { lifecycle: 'lent', citizenId: await citizen() },
      'R-REPAIR': { lifecycle: 'enrolled', heldAs: 'in_repair' },
      // Taken back, not wiped: enrolled with a live credential, but on the shelf waiting for its wipe.
      'R-RETURNED': { lifecycle: 'enrolled', returned: true },
      // Reported lost, wiped, back at registered: its credential stays, revoked.
      'R-LOST': { lifecycle: 'registered', revoked: true, heldAs: 'lost' },
      // Wiped and lent again before it is enrolled again: it applies the target when it enrols.
      'R-WIPED-LENT': { lifecycle: 'registered', revoked: true, citizenId: await citizen() },
      // Not reached at all: never enrolled, being wiped, retired.
      'R-NEW': { lifecycle: 'registered', credential: false },
      'R-WIPING': { lifecycle: 'wiping', revoked: true },
      'R-RETIRED': { lifecycle: 'retired', revoked: true },
    });

    expect(await preview(api, 'scope=municipality')).toEqual({
      status: 200,
      body: { devices: 6, inUse: 2, notInUse: 4 },
    });
    expect(await preview(api, `scope=unit&unitId=${unit.id}`)).toEqual({
      status: 200,
      body: { devices: 2, inUse: 1, notInUse: 1 },
    });
    const written = await t.cloud.db.db
      .select()
      .from(deviceConfigsTable)
      .where(inArray(deviceConfigsTable.deviceId, [...ids.values()]));
    expect(written).toEqual([]);
  });

  it('answers the push with the same split, counted when it writes (the truth if the set changed since the preview)', async () => {
    const { api, unit, citizen, shelve } = await place();
    const ids = await shelve({
      'P-LENT-1': { lifecycle: 'lent', citizenId: await citizen() },
      'P-LENT-2': { lifecycle: 'lent', citizenId: await citizen() },
      'P-WIPED-LENT': { lifecycle: 'registered', revoked: true, citizenId: await citizen() },
      'P-SHELF': { lifecycle: 'enrolled' },
      'P-RETURNED': { lifecycle: 'enrolled', returned: true },
    });
    expect((await preview(api, 'scope=municipality')).body).toEqual({ devices: 5, inUse: 3, notInUse: 2 });

    // Between the question and the push, one lent kiosk goes to repair.
    await t.cloud.db.db
      .update(devicesTable)
      .set({ heldAs: 'in_repair', heldSince: new Date() })
      .where(eq(devicesTable.id, ids.get('P-LENT-2')!));
    expect(
      await api('POST', '/api/devices/config', { scope: { kind: 'municipality' }, changes: { volume: 45 } }),
    ).toEqual({ status: 202, body: { devices: 5, inUse: 2, notInUse: 3, batches: 1 } });
    expect(
      await api('POST', '/api/devices/config', {
        scope: { kind: 'unit', unitId: unit.id },
        changes: { brightness: 60 },
      }),
    ).toEqual({ status: 202, body: { devices: 3, inUse: 1, notInUse: 2, batches: 1 } });
  });

  it('counts only its own municipality’s kiosks, and refuses another’s unit and other roles', async () => {
    const mine = await place();
    const theirs = await place();
    await mine.shelve({ 'M-1': { lifecycle: 'enrolled' } });
    await theirs.shelve({
      'T-1': { lifecycle: 'enrolled' },
      'T-2': { lifecycle: 'lent', citizenId: await theirs.citizen() },
    });

    expect((await preview(mine.api, 'scope=municipality')).body).toEqual({
      devices: 1,
      inUse: 1,
      notInUse: 0,
    });
    const foreignUnit = await preview(mine.api, `scope=unit&unitId=${theirs.unit.id}`);
    expect(foreignUnit.status).toBe(404);
    for (const role of ['vendor_support', 'staff'] as const) {
      const other = await supportApi(t, {
        id: (await createStaff(t, mine.home.id, role)).id,
        municipalityId: mine.home.id,
      });
      expect((await preview(other, 'scope=municipality')).status).toBe(403);
    }
  });

  it('refuses a bad query with a 400 naming the parameter', async () => {
    const { api, unit } = await place();
    const problemOf = async (query: string) => {
      const answer = await preview(api, query);
      expect(answer.status).toBe(400);
      return answer.body.errors.map((e: { path: string; message: string }) => [e.path, e.message]);
    };
    expect(await problemOf('scope=unit')).toEqual([['unitId', 'required when scope is unit']]);
    expect(await problemOf(`scope=municipality&unitId=${unit.id}`)).toEqual([
      ['unitId', 'only with scope unit'],
    ]);
    expect((await problemOf('scope=unit&unitId=not-a-uuid')).map(([path]: string[]) => path)).toEqual([
      'unitId',
    ]);
    expect((await problemOf('')).map(([path]: string[]) => path)).toEqual(['scope']);
    expect((await problemOf('scope=everything')).map(([path]: string[]) => path)).toEqual(['scope']);
    expect((await problemOf('scope=municipality&all=1')).length).toBe(1);
  });
});
