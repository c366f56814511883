import { FakeClock } from '@screenvisit/protocol/testing';
import { eq, inArray } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createStaff } from '../../test/fixtures.js';
import { enrolViaApi, supportApi, until } from '../../test/kits/devices.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { devicesTable, markAllDevicesOffline } from '../db/index.js';

/**
 * Every bulk write of the devices table locks its rows in id order (telemetry.ts INVARIANTS), or two of them
 * deadlock and PostgreSQL aborts one. The race of issue 14's failover: node A pushes a config to the whole
 * municipality (bulk-config.ts: `SELECT … FOR UPDATE` of 500 rows at a time, in id order) right after a kill,
 * while its heartbeat expiry marks the dead node's silent kiosks offline (one UPDATE of every such row). Here
 * the interleaving is forced on the real server: a third transaction holds the middle row, so the push holds
 * the first and waits; the expiry, which visits the rows in the order their versions lie in the table (last,
 * first, middle), must not take the last row before the first. The same holds for a restarting node's start-up
 * reset (db/repos/devices.ts markAllDevicesOffline), which runs while the live node writes.
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

  /**
   * Three kiosks shown online, last heard 100 s ago (the window is 90 s); a bulk push holding the first while a
   * third transaction holds the middle one; then `sweep`, a write of all three, started; then the middle one let
   * go. Rows written last, first, middle: each UPDATE puts the row's new version after the others, so a scan of
   * the table meets them in that order. Resolves with the push's answer, how the sweep ended and the rows.
   */
  async function raceWithBulkPush(prefix: string, sweep: () => Promise<unknown>) {
    const home = await createMunicipality(t);
    const api = await supportApi(t, {
      id: (await createStaff(t, home.id, 'support')).id,
      municipalityId: home.id,
    });
    const ids: string[] = [];
    for (const n of [1, 2, 3]) ids.push((await enrolViaApi(t, api, `${prefix}-${n}`)).deviceId);
    const [first, middle, last] = [...ids].sort();
    const stale = new Date(clock.now() - 100_000);
    for (const id of [last!, first!, middle!])
      await t.cloud.db.db
        .update(devicesTable)
        .set({ online: true, lastSeenAt: stale })
        .where(eq(devicesTable.id, id));

    other ??= postgres(t.config.DATABASE_URL!, { max: 2, onnotice: () => {} });
    const sql = other;
    const waitingOnLocks = async () =>
      (
        await sql`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`
      )[0]!.n as number;
    let release = () => {};
    let held = false;
    const holder = sql.begin(async (tx) => {
      await tx`select id from devices where id = ${middle!} for update`;
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
    const swept = sweep().then(
      () => 'done',
      (error: unknown) => String((error as { cause?: unknown }).cause ?? error),
    );
    await until(waitingOnLocks, (n) => n === 2, 'the sweep waiting too');
    // Past PostgreSQL's deadlock_timeout (1 s): the sweep's one deadlock check has run and found no cycle yet.
    await new Promise((r) => setTimeout(r, 1_500));
    release();
    await holder;
    const answer = await pushed;
    const sweepEnded = await swept;
    const rows = await t.cloud.db.db
      .select({ online: devicesTable.online })
      .from(devicesTable)
      .where(inArray(devicesTable.id, ids));
    return { answer, sweepEnded, online: rows.map((r) => r.online) };
  }

  /** A deadlock the push's retry (transaction-retry.ts) would hide from the 202: the lock order is still wrong. */
  const retries = () =>
    t.logs.filter((l) => l.msg === 'bulk config batch rolled back by PostgreSQL: running it again');
  const errorLines = () =>
    t.logs
      .filter((l) => Number(l.level) >= 50)
      .map((l) => `${l.msg}: ${JSON.stringify(l.err).slice(0, 2_000)}`);

  it('a bulk push and the heartbeat expiry on the same kiosks both finish: no deadlock, no 500', async (ctx) => {
    if (t.cloud.db.kind !== 'postgres') return ctx.skip('row locks need the real PostgreSQL server');
    const { answer, sweepEnded, online } = await raceWithBulkPush('EXPIRY', () => t.cloud.deviceLink.idle());
    expect(answer, errorLines().join('\n')).toEqual({
      status: 202,
      body: { devices: 3, inUse: 3, notInUse: 0, batches: 1 },
    });
    expect(sweepEnded).toBe('done');
    expect(online).toEqual([false, false, false]);
    expect(errorLines()).toEqual([]);
    expect(retries()).toEqual([]);
  }, 60_000);

  it('a bulk push and a restarting node’s start-up reset on the same kiosks both finish', async (ctx) => {
    if (t.cloud.db.kind !== 'postgres') return ctx.skip('row locks need the real PostgreSQL server');
    const { answer, sweepEnded, online } = await raceWithBulkPush('RESET', () =>
      markAllDevicesOffline(t.cloud.db.db),
    );
    expect(answer, errorLines().join('\n')).toEqual({
      status: 202,
      body: { devices: 3, inUse: 3, notInUse: 0, batches: 1 },
    });
    expect(sweepEnded).toBe('done');
    expect(online).toEqual([false, false, false]);
    expect(retries()).toEqual([]);
  }, 60_000);
});
