import { verify } from '@node-rs/argon2';
import { and, count, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDevice } from '../../src/db/repos/devices.js';
import { DEMO_DEVICE_LABEL, isDatabaseEmpty, seedDemo } from '../../src/db/repos/seed.js';
import {
  citizenEnrolmentsTable,
  citizensTable,
  municipalitiesTable,
  poolCoverageTable,
  staffTable,
  unitMembershipsTable,
  unitsTable,
} from '../../src/db/schema/index.js';
import type { DbHarness } from './harness.js';
import { T0 } from './helpers.js';

/** The demo municipality. */
export function seedTests(harness: DbHarness): void {
  describe('demo seed', () => {
    it('creates the demo municipality exactly once, even when two instances seed together', async () => {
      const { database } = await harness.fresh();
      const d = database.db;
      expect(await isDatabaseEmpty(d)).toBe(true);
      const results = await Promise.all([
        seedDemo(d, { now: T0, password: 'demo-password-1' }),
        seedDemo(d, { now: T0, password: 'demo-password-1' }),
      ]);
      const summaries = results.filter((r) => r !== null);
      expect(summaries).toHaveLength(1);
      const summary = summaries[0]!;
      expect(await seedDemo(d, { now: T0, password: 'x' })).toBeNull();
      expect(await isDatabaseEmpty(d)).toBe(false);

      const municipalities = await d.select().from(municipalitiesTable);
      expect(municipalities.map((m) => m.name)).toEqual(['Demo Kommune']);
      const staff = await d.select().from(staffTable);
      expect(staff).toHaveLength(8);
      expect(summary.staff.map((s) => s.username).sort()).toEqual(staff.map((s) => s.username).sort());
      for (const s of staff) {
        expect(s.passwordHash).toMatch(/^\$argon2id\$/);
        expect(await verify(s.passwordHash!, 'demo-password-1')).toBe(true);
      }
      expect(staff.filter((s) => s.role === 'support')).toHaveLength(1);

      const unitOf = async (kind: (typeof unitsTable.$inferSelect)['kind']) =>
        (await d.select().from(unitsTable).where(eq(unitsTable.kind, kind)))[0]!;
      const members = async (unitId: string) =>
        (
          await d
            .select({ n: count() })
            .from(unitMembershipsTable)
            .where(eq(unitMembershipsTable.unitId, unitId))
        )[0]!.n;
      const enrolled = (unitId: string) =>
        d
          .select()
          .from(citizenEnrolmentsTable)
          .where(and(eq(citizenEnrolmentsTable.unitId, unitId), isNull(citizenEnrolmentsTable.endedAt)));
      const homeCare = await unitOf('home_care_team');
      const guidance = await unitOf('home_guidance');
      const facility = await unitOf('facility');
      const pool = await unitOf('night_watch_pool');
      expect(await members(homeCare.id)).toBe(2);
      expect(await enrolled(homeCare.id)).toHaveLength(3);
      const guided = await enrolled(guidance.id);
      expect(guided).toHaveLength(1);
      const [guide] = await d
        .select()
        .from(unitMembershipsTable)
        .where(eq(unitMembershipsTable.unitId, guidance.id));
      expect(guided[0]!.guideStaffId).toBe(guide!.staffId);
      const residents = await enrolled(facility.id);
      expect(residents).toHaveLength(3);
      expect(await members(pool.id)).toBe(2);
      expect(await d.select().from(poolCoverageTable)).toEqual([
        { poolUnitId: pool.id, facilityUnitId: facility.id },
      ]);

      const device = await getDevice(d, summary.deviceId);
      expect(device).toMatchObject({
        label: DEMO_DEVICE_LABEL,
        lifecycle: 'registered',
        credentialHash: null,
      });
      expect(residents.map((r) => r.citizenId)).toContain(device!.citizenId);
      expect(await d.select().from(citizensTable)).toHaveLength(7);
    });
  });
}
