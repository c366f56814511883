import { FakeClock } from '@screenvisit/protocol/testing';
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { careWorld, connect } from '../../../test/kits/calls.js';
import { createUnit } from '../../../test/kits/care.js';
import { startTestCloud, type TestCloud } from '../../../test/test-cloud.js';
import { grantCallPermission, savePoolSettings } from '../../care/index.js';
import { citizenEnrolmentsTable } from '../../db/index.js';

const clock = new FakeClock(Date.now());
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud({}, { clock });
});
afterAll(async () => {
  await t?.close();
});

describe('a resident who calls the night watch outside her permitted hours', () => {
  it('is told when she may call again and given the number the pool chain ends with', async () => {
    const w = await careWorld(t);
    const db = t.cloud.db.db;
    // The facility's pool hands what it does not take to the municipality's night watch, whose switchboard
    // answers at night; the pool's own number is its day reception.
    const central = await createUnit(t, w.municipalityId, 'night_watch_pool', 'Nattevagten Centralt');
    const now = new Date(clock.now());
    await savePoolSettings(db, central.id, { fallbackPhone: '33 66 33 66' }, now);
    await savePoolSettings(
      db,
      w.pool.id,
      { fallbackPoolUnitId: central.id, fallbackPhone: '11 22 33 44' },
      now,
    );
    const [enrolment] = await db
      .select({ id: citizenEnrolmentsTable.id })
      .from(citizenEnrolmentsTable)
      .where(eq(citizenEnrolmentsTable.citizenId, w.resident.id));
    const today = DateTime.fromMillis(clock.now(), { zone: 'Europe/Copenhagen' }).weekday;
    await grantCallPermission(db, {
      municipalityId: w.municipalityId,
      enrolmentId: enrolment!.id,
      direction: 'citizen_to_night_watch',
      windows: [{ days: [1, 2, 3, 4, 5, 6, 7].filter((d) => d !== today), from: '00:00', to: '24:00' }],
      at: new Date(clock.now() - 1_000),
    });

    const resident = await connect(t, w.resident);
    resident.send({ type: 'call.place', requestId: 'late', to: { kind: 'pool', id: w.pool.id } });
    const tomorrow = DateTime.fromMillis(clock.now(), { zone: 'Europe/Copenhagen' })
      .startOf('day')
      .plus({ days: 1 });
    expect(await resident.next('call.refused', (m) => m.requestId === 'late')).toMatchObject({
      code: 'outside_time_window',
      nextAllowedAt: tomorrow.toUTC().toISO(),
      fallbackPhone: '33 66 33 66',
    });
    resident.ws.close();
  });
});
