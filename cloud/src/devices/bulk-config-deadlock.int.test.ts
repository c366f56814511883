import { and, eq, inArray } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createStaff } from '../../test/fixtures.js';
import { enrolViaApi, supportApi, until } from '../../test/kits/devices.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { auditLogTable, deviceConfigsTable } from '../db/index.js';

/**
 * A bulk push's batch that PostgreSQL aborts as a deadlock victim (40P01) is run again, and the push
 * succeeds. The deadlock is forced on the real server: another transaction holds the second kiosk's row, the
 * push locks the first (id order) and waits for the second, then the other transaction asks for the first.
 * The other session's deadlock_timeout is 10 s, so the push's own check (PostgreSQL's default 1 s) finds the
 * cycle and the push is the one aborted; the other transaction then gets the row and commits.
 */
describe('bulk config push under a deadlock', () => {
  let t: TestCloud;
  let other: postgres.Sql | undefined;

  beforeAll(async () => {
    t = await startTestCloud();
  }, 60_000);
  afterAll(async () => {
    await other?.end();
    await t?.close();
  });

  it('runs the aborted batch again and answers 202 with every kiosk written once', async (ctx) => {
    if (t.cloud.db.kind !== 'postgres') return ctx.skip('row locks need the real PostgreSQL server');
    const home = await createMunicipality(t);
    const api = await supportApi(t, {
      id: (await createStaff(t, home.id, 'support')).id,
      municipalityId: home.id,
    });
    const ids: string[] = [];
    for (const n of [1, 2]) ids.push((await enrolViaApi(t, api, `DEADLOCK-${n}`)).deviceId);
    const [first, second] = [...ids].sort();

    other = postgres(t.config.DATABASE_URL!, { max: 2, onnotice: () => {} });
    const sql = other;
    const waitingOnLocks = async () =>
      (
        await sql`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`
      )[0]!.n as number;
    let askForFirst = () => {};
    let held = false;
    const holder = sql.begin(async (tx) => {
      await tx`set local deadlock_timeout = '10s'`;
      await tx`select id from devices where id = ${second!} for update`;
      held = true;
      await new Promise<void>((resolve) => {
        askForFirst = resolve;
      });
      // Waits for the push, which waits for this transaction: the cycle the push's deadlock check breaks.
      await tx`select id from devices where id = ${first!} for update`;
      return 'committed';
    });
    await until(async () => held, Boolean, 'the second row held');

    const pushed = api('POST', '/api/devices/config', {
      scope: { kind: 'municipality' },
      changes: { volume: 12 },
    });
    await until(waitingOnLocks, (n) => n === 1, 'the push waiting for the second row');
    askForFirst();

    // The other transaction got the first row: the push, not it, was the deadlock's victim.
    expect(await holder).toBe('committed');
    const errors = () =>
      t.logs.filter((l) => Number(l.level) >= 50).map((l) => JSON.stringify(l).slice(0, 600));
    expect(await pushed, errors().join('\n')).toEqual({
      status: 202,
      body: { devices: 2, inUse: 2, notInUse: 0, batches: 1 },
    });
    const versions = await t.cloud.db.db
      .select({ deviceId: deviceConfigsTable.deviceId, config: deviceConfigsTable.config })
      .from(deviceConfigsTable)
      .where(inArray(deviceConfigsTable.deviceId, ids));
    expect(versions.filter((v) => (v.config as { volume: number }).volume === 12)).toHaveLength(2);
    // Run again once, and said so in the log (attempt 1 was the deadlock's victim).
    const retried = t.logs.filter(
      (l) => l.msg === 'bulk config batch rolled back by PostgreSQL: running it again',
    );
    expect(retried.map((l) => [l.attempt, JSON.stringify(l.err)])).toEqual([
      [1, expect.stringMatching(/deadlock/)],
    ]);
    const audits = await t.cloud.db.db
      .select()
      .from(auditLogTable)
      .where(and(eq(auditLogTable.action, 'device.config_pushed'), inArray(auditLogTable.targetId, ids)));
    expect(audits).toHaveLength(2);
  }, 60_000);
});
