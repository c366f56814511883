import { FakeClock } from '@screenvisit/protocol/testing';
import { eq, inArray } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createStaff } from '../../test/fixtures.js';
import { enrolViaApi, supportApi, until } from '../../test/kits/devices.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { devicesTable } from '../db/index.js';

/**
 * Every bulk write of the devices table locks its rows in id order (telemetry.ts INVARIANTS), or two of them
 * deadlock and PostgreSQL aborts one. The race of issue 14's failover: node A pushes a config to the whole
 * municipality (bulk-config.ts: `SELECT … FOR UPDATE` of 500 rows at a time, in id order) right after a kill,
 * while its heartbeat expiry marks the dead node's silent kiosks offline (one UPDATE of every such row). Here
 * the interleaving is forced on the real server: a third transaction holds the middle row, so the push holds
 * the first and waits; the expiry, which visits the rows in the order their versions lie in the table (last,
 * first, middle), must not take the last row before the first.
 */
describe('device row lock order (issue 14)', () => {
  let t: TestCloud;
  let other: postgres.Sql | undefined;
  const clock = new FakeClock(Date.now());

  beforeAll(async () => {
    t = await startTestCloud({ DEVICE_OFFLINE_AFTER_SECONDS: '90' }, { clock });
  }, 60_000);
  afterAll(async () => {
    await other?.end();
    await t?.close();
  });

  it('a bulk push and the heartbeat expiry on the same kiosks both finish: no deadlock, no 500', async (ctx) => {
    if (t.cloud.db.kind !== 'postgres') return ctx.skip('row locks need the real PostgreSQL server');
    const home = await createMunicipality(t);
    const api = await supportApi(t, {
      id: (await createStaff(t, home.id, 'support')).id,
      municipalityId: home.id,
    });
    const ids: string[] = [];
    for (const label of ['LOCK-1', 'LOCK-2', 'LOCK-3']) ids.push((await enrolViaApi(t, api, label)).deviceId);
    const [first, middle, last] = ids.sort();
    // Shown online, last heard 100 s ago (the window is 90 s), written last, first, middle: each UPDATE puts the
    // row's new version after the others, so a scan of the table meets them in that order.
    const stale = new Date(clock.now() - 100_000);
    for (const id of [last!, first!, middle!])
      await t.cloud.db.db
        .update(devicesTable)
        .set({ online: true, lastSeenAt: stale })
        .where(eq(devicesTable.id, id));

    other = postgres(t.config.DATABASE_URL!, { max: 2, onnotice: () => {} });
    const waitingOnLocks = async () =>
      (
        await other!`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`
      )[0]!.n as number;
    let release = () => {};
    let held = false;
    const holder = other.begin(async (sql) => {
      await sql`select id from devices where id = ${middle!} for update`;
      held = true;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    await until(async () => held, Boolean, 'the middle row held');

    const pushed = api('POST', '/api/devices/config', {
      scope: { kind: 'municipality' },
      changes: { volume: 12 },
    });
    await until(waitingOnLocks, (n) => n === 1, 'the push waiting for the middle row');
    const expired = t.cloud.deviceLink.idle();
    await until(waitingOnLocks, (n) => n === 2, 'the expiry waiting too');
    // Past PostgreSQL's deadlock_timeout (1 s): the expiry's one deadlock check has run and found no cycle yet.
    await new Promise((r) => setTimeout(r, 1_500));
    release();
    await holder;

    const errors = () =>
      t.logs
        .filter((l) => Number(l.level) >= 50)
        .map((l) => `${l.msg}: ${JSON.stringify(l.err).slice(0, 2_000)}`);
    expect(await pushed, errors().join('\n')).toEqual({ status: 202, body: { devices: 3, batches: 1 } });
    await expired;
    const rows = await t.cloud.db.db
      .select({ online: devicesTable.online })
      .from(devicesTable)
      .where(inArray(devicesTable.id, ids));
    expect(rows.map((r) => r.online)).toEqual([false, false, false]);
    expect(errors()).toEqual([]);
  }, 60_000);
});
